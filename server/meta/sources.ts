// Where the city's data comes from and under which licence (seed/data/README.md): the About note.
import type { DataSource } from '../contracts/meta.ts';

const SYNTHETIC = {
  source: 'Xiuhua seed generator (deterministic from the seed number)',
  licence: 'synthetic; no real people or events',
  real: false,
};

export const DATA_SOURCES: readonly DataSource[] = [
  {
    key: 'streets',
    what: 'Street (街道) boundaries of Dongcheng and Xicheng',
    whatZh: '东城区、西城区街道边界',
    source: 'after tsinghua-fib-lab/mosstool (Beijing shapefile)',
    licence: "MIT-licensed repository; the shapefile's own origin unstated",
    real: true,
  },
  {
    key: 'codes',
    what: 'Administrative codes and community names',
    whatZh: '行政区划代码与社区名称',
    source: 'Vonng/adcode (National Bureau of Statistics 2016 codes)',
    licence: '© Vonng/adcode, CC BY 4.0',
    real: true,
  },
  {
    key: 'subway',
    what: 'Subway stations and entrances',
    whatZh: '地铁站及出入口',
    source: 'BoyInTheSun/beijing-subway-gtfs, derived from OpenStreetMap',
    licence: '© OpenStreetMap contributors, ODbL',
    real: true,
  },
  { key: 'communities', what: 'Community (社区) polygons', whatZh: '社区范围面', ...SYNTHETIC },
  { key: 'grid', what: 'Unit grid cells (单元网格)', whatZh: '单元网格', ...SYNTHETIC },
  { key: 'alleys', what: 'Alleys, alley chiefs and stewards', whatZh: '背街小巷、街巷长与小巷管家', ...SYNTHETIC },
  { key: 'people', what: 'People and phone numbers', whatZh: '人员与电话', ...SYNTHETIC },
  { key: 'sensors', what: 'Sensors, readings and crowd counts', whatZh: '感知设备、读数与人流', ...SYNTHETIC },
  { key: 'cases', what: 'Cases and their trails', whatZh: '案件及其流转记录', ...SYNTHETIC },
  { key: 'basemap', what: 'Basemap: roads, buildings, water and parks', whatZh: '底图：道路、建筑、水系与公园', ...SYNTHETIC },
];
