// One echarts chart, sized by its box (it follows the wall's scale on resize) and drawn with the
// canvas renderer. Only the chart types the cockpit uses are bundled (echarts/core).

import { BarChart, GaugeChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import type { EChartsCoreOption } from 'echarts/core';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([
  BarChart,
  GaugeChart,
  LineChart,
  PieChart,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
  CanvasRenderer,
]);

export interface ChartProps {
  option: EChartsCoreOption;
  /** What the chart shows, for screen readers (the figures are also in a table next to it). */
  label: string;
  testId?: string;
}

/** Whoever asked the system for less motion gets charts drawn at once, without their transitions. */
const reducedMotion = () => typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;

export function Chart({ option, label, testId }: ChartProps) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    const el = ref.current!;
    const instance = echarts.init(el, null, { renderer: 'canvas' });
    chart.current = instance;
    // data-drawn: the chart has finished drawing its current option (for tests and screenshots)
    instance.on('finished', () => {
      el.dataset.drawn = 'true';
    });
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    if (!chart.current) return;
    delete ref.current!.dataset.drawn;
    chart.current.setOption(reducedMotion() ? { ...option, animation: false } : option, { notMerge: true, lazyUpdate: true });
  }, [option]);

  return <div ref={ref} className="chart" role="img" aria-label={label} data-testid={testId} />;
}

/** The text and line colours of the dark theme, in px scaled to the wall (charts draw in px). */
export function chartText(scale: number) {
  return {
    color: '#93a7c4',
    fontSize: Math.round(12 * scale),
    fontFamily: getComputedStyle(document.body).fontFamily,
  };
}
