// Reference data for clients that take part in the loop (the dispatch desk, the simulator): the
// categories with their time limits and the departments cases are dispatched to.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { EVERYONE } from '../auth/roles.ts';
import { Category, Department } from '../contracts/directory.ts';

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/categories',
    {
      config: { roles: EVERYONE },
      schema: {
        tags: ['directory'],
        summary: 'Case categories (GB/T 30428 shape) with time limits and the department kind that handles each',
        response: { 200: Type.Array(Category) },
      },
    },
    async () =>
      (
        await app.db.query(`
    select code, kind, main_name as "mainName", main_name_en as "mainNameEn", name, name_en as "nameEn", urgency,
           time_limit as "timeLimit", time_limit_unit as "timeLimitUnit", department_kind as "departmentKind"
      from category order by code`)
      ).rows,
  );

  app.get(
    '/api/departments',
    {
      config: { roles: EVERYONE },
      schema: {
        tags: ['directory'],
        summary: 'Departments that cases are dispatched to (district bureaus and street offices)',
        response: { 200: Type.Array(Department) },
      },
    },
    async () =>
      (
        await app.db.query(`
    select d.code, d.name, d.name_en as "nameEn", d.kind, di.code as "districtCode", s.code as "streetCode"
      from department d left join admin_area di on di.id = d.district_id left join admin_area s on s.id = d.street_id
     order by d.code`)
      ).rows,
  );
};

export default routes;
