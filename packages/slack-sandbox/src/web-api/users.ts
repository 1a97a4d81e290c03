import { stringParam } from '../http-util.js';
import { fail, type Method } from './types.js';

export const info: Method = ({ core }, params) => {
  const id = stringParam(params.user);
  const user = id ? core.workspace.users.get(id) : undefined;
  if (!user) return fail('user_not_found');
  return { ok: true, user: core.workspace.userView(user) };
};

export const authTest: Method = ({ core }) => {
  const { team, bot } = core.workspace;
  return {
    ok: true,
    url: `${core.baseUrl()}/`,
    team: team.name,
    user: bot.name,
    team_id: team.id,
    user_id: bot.userId,
    bot_id: bot.botId,
    is_enterprise_install: false,
  };
};
