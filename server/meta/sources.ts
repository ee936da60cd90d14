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
  {
    key: 'roads',
    what: 'Basemap roads, hutong lanes, footways and pedestrian streets (5,700+ ways)',
    whatZh: '底图道路、胡同、步行道与步行街（5,700 余条）',
    source:
      'OpenStreetMap, snapshot of about 2013, via yangli1-stanford/trajectoryTracerDemo and yangli-learning/SparseTaxi; names in Chinese where OSM has them, otherwise pinyin',
    licence:
      '© OpenStreetMap contributors (ODbL 1.0), snapshot of about 2013. The basemap road table is a database derived from it: it is offered under the same licence, ODbL 1.0',
    real: true,
  },
  {
    key: 'northStrip',
    what: 'Parks (地坛, 柳荫, 青年湖), lawns and water incl. the north moat, in the strip north of the 2nd Ring',
    whatZh: '二环以北条带的公园（地坛、柳荫、青年湖）、绿地与水系（含北护城河）',
    source: 'OpenStreetMap of 2015, via yangli-learning/sumoTrajectoryData',
    licence: '© OpenStreetMap contributors (ODbL 1.0); offered under the same licence',
    real: true,
  },
  { key: 'communities', what: 'Community (社区) polygons', whatZh: '社区范围面', ...SYNTHETIC },
  { key: 'grid', what: 'Unit grid cells (单元网格)', whatZh: '单元网格', ...SYNTHETIC },
  {
    key: 'alleyLines',
    what: 'The 2,435 alleys’ centre lines: real OSM lanes (named hutongs first, then unnamed lanes, cut at street edges; where Xicheng has too few, long lanes halved); about 460 keep their OSM name (Chinese, or pinyin with the Chinese marked as reconstructed)',
    whatZh:
      '2,435 条背街小巷的中心线：OSM 真实巷道（先有名胡同，再无名巷道，按街道边界切分；西城巷道不足处将长巷一分为二）；约 460 条沿用 OSM 名称（中文，或仅有拼音时由拼音还原的中文并加标注）',
    source: 'OpenStreetMap, snapshot of about 2013 (the road files above)',
    licence: '© OpenStreetMap contributors (ODbL 1.0); offered under the same licence',
    real: true,
  },
  {
    key: 'alleys',
    what: 'Alley names where OSM has none (marked as generated), alley chiefs, stewards and checklists',
    whatZh: 'OSM 无名巷道的名称（标注为生成）、街巷长、小巷管家与十有十无',
    ...SYNTHETIC,
  },
  { key: 'people', what: 'People and phone numbers', whatZh: '人员与电话', ...SYNTHETIC },
  { key: 'sensors', what: 'Sensors, readings and crowd counts', whatZh: '感知设备、读数与人流', ...SYNTHETIC },
  { key: 'cases', what: 'Cases and their trails', whatZh: '案件及其流转记录', ...SYNTHETIC },
  {
    key: 'basemap',
    what: 'Basemap: buildings, water and parks (outside the OSM polygons)',
    whatZh: '底图：建筑、水系与公园（OSM 面以外）',
    ...SYNTHETIC,
  },
];
