/** The workspace model: team, users, channels and who is a member of what. */

export interface Team {
  id: string;
  name: string;
  domain: string;
}

export interface User {
  id: string;
  team_id: string;
  name: string;
  real_name: string;
  is_bot: boolean;
  is_admin: boolean;
  deleted: boolean;
  tz: string;
  title?: string;
  email?: string;
  bot_id?: string;
}

export interface Channel {
  id: string;
  name: string;
  is_channel: boolean;
  is_group: boolean;
  is_im: boolean;
  is_mpim: boolean;
  is_private: boolean;
  is_archived: boolean;
  is_general: boolean;
  is_shared: boolean;
  is_ext_shared: boolean;
  is_org_shared: boolean;
  created: number;
  creator: string;
  /** Only for DMs: the human on the other side of the bot. */
  user?: string;
  members: string[];
  topic: { value: string; creator: string; last_set: number };
  purpose: { value: string; creator: string; last_set: number };
}

export interface Bot {
  userId: string;
  botId: string;
  appId: string;
  name: string;
}

export interface NewChannel {
  name: string;
  id?: string;
  is_private?: boolean;
  is_ext_shared?: boolean;
  is_archived?: boolean;
  members?: string[];
  /** Whether the bot is a member (default true, like a channel the app was invited to). */
  bot_member?: boolean;
  topic?: string;
  purpose?: string;
}

export interface NewUser {
  name: string;
  id?: string;
  real_name?: string;
  title?: string;
  email?: string;
  is_admin?: boolean;
}

export interface WorkspaceOptions {
  team?: Partial<Team>;
  /** Replaces the default users (the bot user is always added). */
  users?: NewUser[];
  /** Replaces the default channels (a DM per user is always added). */
  channels?: NewChannel[];
}

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

export const DEFAULT_TEAM: Team = { id: 'T0MISPKIT', name: 'mispkit-demo', domain: 'mispkit-demo' };
export const DEFAULT_BOT: Bot = { userId: 'U0MISPBOT', botId: 'B0MISPBOT', appId: 'A0MISPKIT', name: 'misp-intel' };

export const DEFAULT_USERS: NewUser[] = [
  { id: 'U0ALICE', name: 'alice', real_name: 'Alice Analyst', title: 'analyst', email: 'alice@mispkit-demo.example' },
  { id: 'U0BOB', name: 'bob', real_name: 'Bob Builder', title: 'engineer', email: 'bob@mispkit-demo.example' },
];

export const DEFAULT_CHANNELS: NewChannel[] = [
  { id: 'C0SOC', name: 'soc', purpose: 'Security operations' },
  { id: 'C0SOCPRIV', name: 'soc-private', is_private: true, purpose: 'Restricted SOC discussion' },
  { id: 'C0PARTNERS', name: 'partners', is_ext_shared: true, purpose: 'Shared with partner organisations' },
  { id: 'C0RANDOM', name: 'random', bot_member: false },
  { id: 'C0SOCALERTS', name: 'soc-alerts', purpose: 'High-severity MISP alerts' },
];

export class Workspace {
  readonly team: Team;
  readonly bot: Bot;
  readonly users = new Map<string, User>();
  readonly channels = new Map<string, Channel>();
  private idCounter = 0;

  constructor(options: WorkspaceOptions = {}, bot: Bot = DEFAULT_BOT) {
    this.team = { ...DEFAULT_TEAM, ...options.team };
    this.bot = bot;
    this.users.set(bot.userId, {
      id: bot.userId,
      team_id: this.team.id,
      name: bot.name,
      real_name: bot.name,
      is_bot: true,
      is_admin: false,
      deleted: false,
      tz: 'Etc/UTC',
      bot_id: bot.botId,
    });
    for (const user of options.users ?? DEFAULT_USERS) this.createUser(user);
    for (const channel of options.channels ?? DEFAULT_CHANNELS) this.createChannel(channel);
  }

  humans(): User[] {
    return [...this.users.values()].filter((u) => !u.is_bot);
  }

  createUser(input: NewUser): User {
    const id = input.id ?? this.nextId('U');
    if (this.users.has(id)) throw new Error(`user ${id} already exists`);
    const user: User = {
      id,
      team_id: this.team.id,
      name: input.name,
      real_name: input.real_name ?? input.name,
      is_bot: false,
      is_admin: input.is_admin ?? false,
      deleted: false,
      tz: 'Etc/UTC',
      ...(input.title === undefined ? {} : { title: input.title }),
      ...(input.email === undefined ? {} : { email: input.email }),
    };
    this.users.set(id, user);
    // Every human gets a DM with the bot, as when a user opens the app's Messages tab.
    const dmId = `D${id.replace(/^U/, '')}`;
    this.channels.set(dmId, {
      ...this.blankChannel(dmId, input.name, id),
      is_channel: false,
      is_im: true,
      is_private: true,
      user: id,
      members: [id, this.bot.userId],
    });
    // Humans are members of every non-DM public channel, as in a small team.
    for (const channel of this.channels.values()) {
      if (!channel.is_im && !channel.is_private && !channel.members.includes(id)) channel.members.push(id);
    }
    return user;
  }

  createChannel(input: NewChannel): Channel {
    const id = input.id ?? this.nextId('C');
    if (this.channels.has(id)) throw new Error(`channel ${id} already exists`);
    const name = input.name.replace(/^#/, '');
    if ([...this.channels.values()].some((c) => c.name === name && !c.is_im)) {
      throw new Error(`channel name ${name} is taken`);
    }
    const defaultMembers = this.humans().map((u) => u.id);
    const members = [...(input.members ?? defaultMembers)];
    if (input.bot_member !== false && !members.includes(this.bot.userId)) members.push(this.bot.userId);
    const channel: Channel = {
      ...this.blankChannel(id, name, defaultMembers[0] ?? this.bot.userId),
      is_private: input.is_private ?? false,
      is_group: false,
      is_archived: input.is_archived ?? false,
      is_shared: input.is_ext_shared ?? false,
      is_ext_shared: input.is_ext_shared ?? false,
      members,
    };
    channel.topic.value = input.topic ?? '';
    channel.purpose.value = input.purpose ?? '';
    this.channels.set(id, channel);
    return channel;
  }

  /** Resolves an id (`C…`, `D…`), a `#name`/`name`, or a user id (meaning the DM with that user). */
  resolveChannel(ref: string): Channel | undefined {
    const direct = this.channels.get(ref);
    if (direct) return direct;
    if (/^[UW][A-Z0-9]+$/.test(ref)) {
      return [...this.channels.values()].find((c) => c.is_im && c.user === ref);
    }
    const name = ref.replace(/^#/, '');
    return [...this.channels.values()].find((c) => !c.is_im && c.name === name);
  }

  isBotMember(channel: Channel): boolean {
    return channel.members.includes(this.bot.userId);
  }

  addBotToChannel(channelId: string): Channel {
    const channel = this.mustGetChannel(channelId);
    if (!channel.members.includes(this.bot.userId)) channel.members.push(this.bot.userId);
    return channel;
  }

  /** Slack Connect: shares the channel with another organisation's workspace, or stops sharing it. */
  setExternallyShared(channelId: string, shared: boolean): Channel {
    const channel = this.mustGetChannel(channelId);
    channel.is_shared = shared;
    channel.is_ext_shared = shared;
    return channel;
  }

  archiveChannel(channelId: string): Channel {
    const channel = this.mustGetChannel(channelId);
    channel.is_archived = true;
    return channel;
  }

  mustGetChannel(ref: string): Channel {
    const channel = this.resolveChannel(ref);
    if (!channel) throw new Error(`unknown channel ${ref}`);
    return channel;
  }

  mustGetUser(id: string): User {
    const user = this.users.get(id);
    if (!user) throw new Error(`unknown user ${id}`);
    return user;
  }

  /** The channel as `conversations.info` shows it to the bot. */
  channelView(channel: Channel): Record<string, unknown> {
    const { members: _members, ...rest } = channel;
    const view: Record<string, unknown> = {
      ...rest,
      name_normalized: channel.name,
      is_member: this.isBotMember(channel),
      context_team_id: this.team.id,
      shared_team_ids: [this.team.id],
      is_pending_ext_shared: false,
      num_members: channel.members.length,
    };
    if (channel.is_im) {
      view.name = undefined;
      view.is_user_deleted = false;
    }
    return view;
  }

  userView(user: User): Record<string, unknown> {
    return {
      id: user.id,
      team_id: user.team_id,
      name: user.name,
      real_name: user.real_name,
      deleted: user.deleted,
      is_bot: user.is_bot,
      is_admin: user.is_admin,
      is_owner: false,
      is_app_user: false,
      tz: user.tz,
      profile: {
        real_name: user.real_name,
        display_name: user.name,
        title: user.title ?? '',
        ...(user.email === undefined ? {} : { email: user.email }),
        ...(user.bot_id === undefined ? {} : { bot_id: user.bot_id }),
        team: user.team_id,
      },
    };
  }

  private nextId(prefix: string): string {
    this.idCounter += 1;
    return `${prefix}0NEW${String(this.idCounter).padStart(4, '0')}`;
  }

  private blankChannel(id: string, name: string, creator: string): Channel {
    const created = nowSeconds();
    return {
      id,
      name,
      is_channel: true,
      is_group: false,
      is_im: false,
      is_mpim: false,
      is_private: false,
      is_archived: false,
      is_general: false,
      is_shared: false,
      is_ext_shared: false,
      is_org_shared: false,
      created,
      creator,
      members: [],
      topic: { value: '', creator, last_set: 0 },
      purpose: { value: '', creator, last_set: 0 },
    };
  }
}
