// The chat operations of docs/drafts/CHAT_PROTOCOL.md for the fake server, in memory.
// Like arena-fake.mjs this is a stand-in for developing the web client, not a reference:
// where it and the real server differ, the real server and the protocol win.
// installChat() adds the ops to OPS and returns hooks the socket code calls.

const PAGE = 50;
const RESYNC_AFTER = 1000;
const TYPING_INTERVAL_MS = 2000;
const BODY_MAX = 16 * 1024;
const RATE_BURST = 20;
const RATE_PER_S = 2;

export function installChat(h) {
  const { OPS, OpError, memberships, users, teams, sockets, now, id, roleOf, userView, saved } = h;
  const state = saved?.chat ?? { channels: [], topics: [], messages: [], markers: [], notifications: [], edits: [], reactions: [], sent: [] };
  const channelsOf = (teamId) => {
    if (!state.channels.some((c) => c.team_id === teamId)) {
      for (const name of ['Generelt', 'Erfaringsutveksling']) {
        state.channels.push({ id: id(), team_id: teamId, name, description: '', archived: false, last_seq: 0 });
      }
    }
    return state.channels.filter((c) => c.team_id === teamId);
  };
  const buckets = new Map(); // userId -> { tokens, at }

  const canRead = (me, teamId) => me.is_admin || roleOf(teamId, me.id) !== null;
  const canWrite = (me, teamId) => me.is_admin || ['member', 'facilitator'].includes(roleOf(teamId, me.id));
  const isFac = (me, teamId) => me.is_admin || roleOf(teamId, me.id) === 'facilitator';
  const need = (ok) => { if (!ok) throw new OpError('forbidden', 'not allowed'); };
  const int = (f, name) => {
    if (!Number.isInteger(f[name])) throw new OpError('bad_request', `${name}: an integer is required`);
    return f[name];
  };
  const bool = (f, name) => {
    if (typeof f[name] !== 'boolean') throw new OpError('bad_request', `${name}: true or false`);
    return f[name];
  };
  const teamOf = (f) => {
    const t = teams.find((x) => x.id === int(f, 'team_id'));
    if (!t) throw new OpError('not_found', 'team');
    return t;
  };
  const channelOf = (f, me, access = 'read') => {
    const t = teamOf(f);
    need(access === 'read' ? canRead(me, t.id) : access === 'write' ? canWrite(me, t.id) : isFac(me, t.id));
    channelsOf(t.id);
    const c = state.channels.find((x) => x.id === int(f, 'channel_id') && x.team_id === t.id);
    if (!c) throw new OpError('not_found', 'channel');
    return c;
  };
  const messageOf = (f, me, access) => {
    const c = channelOf(f, me, access);
    const m = state.messages.find((x) => x.id === int(f, 'message_id') && x.channel_id === c.id);
    if (!m) throw new OpError('not_found', 'message');
    return { c, m };
  };
  const marker = (userId, channelId) => state.markers.find((x) => x.user_id === userId && x.channel_id === channelId)?.seq ?? 0;
  const unreadOf = (userId, c) => {
    const seq = marker(userId, c.id);
    const ms = state.messages.filter((m) => m.channel_id === c.id && m.seq > seq && !m.deleted && m.author_id !== userId);
    return { unread: ms.length, mentions: ms.filter((m) => m.mentions_team || m.mentions.includes(userId)).length };
  };
  const channelView = (c, userId) => ({ ...c, ...(userId ? unreadOf(userId, c) : { unread: 0, mentions: 0 }) });
  const topicView = (tp, userId) => {
    const ms = state.messages.filter((m) => m.topic_id === tp.id && !m.deleted);
    const seq = marker(userId, tp.channel_id);
    return { ...tp, message_count: ms.length, unread: ms.filter((m) => m.seq > seq && m.author_id !== userId).length, bound: null };
  };
  const messageView = (m, userId) => {
    const rs = new Map();
    for (const r of state.reactions.filter((x) => x.message_id === m.id)) {
      const e = rs.get(r.emoji) ?? { emoji: r.emoji, count: 0, mine: false, users: [] };
      e.count++;
      e.users.push(r.user_id);
      if (r.user_id === userId) e.mine = true;
      rs.set(r.emoji, e);
    }
    const author = users.find((u) => u.id === m.author_id);
    const tp = state.topics.find((x) => x.id === m.topic_id);
    return {
      id: m.id, channel_id: m.channel_id, seq: m.seq, topic: tp?.name ?? '', topic_id: m.topic_id, author_id: m.author_id,
      author_name: author?.display_name ?? '', org_name: author ? userView(author).org_name : null,
      body: m.deleted ? '' : m.body, created_at: m.created_at, edited_at: m.edited_at, deleted: m.deleted,
      reactions: m.deleted ? [] : [...rs.values()], pinned: m.pinned, archive_worthy: m.archive_worthy, mentions: m.mentions, mentions_team: m.mentions_team,
    };
  // message.new's form (PROTOCOL.md "NewMessage"): no channel_id, no field at its default.
  const newMessageView = (m) => {
    const { channel_id: _c, ...v } = messageView(m, 0);
    const defaults = { edited_at: null, deleted: false, pinned: false, archive_worthy: false, mentions_team: false };
    for (const [k, d] of Object.entries(defaults)) if (v[k] === d) delete v[k];
    for (const k of ['reactions', 'mentions']) if (v[k].length === 0) delete v[k];
    return v;
  };
  };
  const teamMembers = (teamId) => memberships.filter((x) => x.team_id === teamId).map((x) => x.user_id);
  const send = (entry, frame) => { if (entry.ws.readyState === 1) entry.ws.send(JSON.stringify(frame)); };
  // Events are encoded once for everyone (the contract's fan-out), so message events carry
  // `mine: false` in reactions (and `users`), as PROTOCOL.md says; callers pass viewer 0.
  const toSubscribers = (c, make, except = null) => {
    for (const s of sockets) {
      if (s === except || !s.subs?.has(c.id)) continue;
      if (!teamMembers(c.team_id).includes(s.userId) && !users.find((u) => u.id === s.userId)?.is_admin) continue;
      send(s, make(s.userId));
    }
  };
  const toUsers = (userIds, frame) => {
    for (const s of sockets) if (userIds.includes(s.userId)) send(s, typeof frame === 'function' ? frame(s.userId) : frame);
  };
  const notify = (userId, kind, m, actor) => {
    const tp = state.topics.find((x) => x.id === m.topic_id);
    const c = state.channels.find((x) => x.id === m.channel_id);
    const n = {
      id: id(), user_id: userId, kind, team_id: c.team_id, channel_id: c.id, topic: tp.name, message_id: m.id, seq: m.seq,
      actor_name: actor.display_name, excerpt: m.body.slice(0, 140), created_at: now(), read: false,
    };
    state.notifications.push(n);
    const { user_id: _u, ...view } = n;
    toUsers([userId], { ev: 'notification', notification: view });
  };
  const parseMentions = (body, teamId) => {
    const names = teamMembers(teamId).map((uid) => users.find((u) => u.id === uid)).filter(Boolean)
      .sort((a, b) => b.display_name.length - a.display_name.length);
    const ids = new Set();
    let team = false;
    const word = /[\p{L}\p{N}_]/u;
    for (let i = 0; i < body.length; i++) {
      if (body[i] !== '@' || (i > 0 && word.test(body[i - 1]))) continue;
      const rest = body.slice(i + 1);
      const low = rest.toLocaleLowerCase('nb');
      if (rest.startsWith('"')) {
        const end = rest.indexOf('"', 1);
        if (end < 0) continue;
        const n = rest.slice(1, end).toLocaleLowerCase('nb');
        const u = names.find((x) => x.display_name.toLocaleLowerCase('nb') === n);
        if (u) ids.add(u.id); else if (n === 'team') team = true;
        continue;
      }
      const u = names.find((x) => low.startsWith(x.display_name.toLocaleLowerCase('nb')) && !word.test(rest.charAt(x.display_name.length)));
      if (u) ids.add(u.id);
      else if (low.startsWith('team') && !word.test(rest.charAt(4))) team = true;
    }
    return { mentions: [...ids], mentions_team: team };
  };
  const rateLimit = (userId) => {
    const t = Date.now();
    const b = buckets.get(userId) ?? { tokens: RATE_BURST, at: t };
    b.tokens = Math.min(RATE_BURST, b.tokens + ((t - b.at) / 1000) * RATE_PER_S);
    b.at = t;
    buckets.set(userId, b);
    if (b.tokens < 1) throw new OpError('rate_limited', 'slow down', { retry_after: Math.ceil((1 - b.tokens) / RATE_PER_S) });
    b.tokens -= 1;
  };
  const topicName = (f) => {
    const v = f.topic;
    if (typeof v !== 'string' || v.trim() === '' || [...v.trim()].length > 60) throw new OpError('bad_request', 'topic: 1..60 characters');
    return v.trim();
  };
  const findTopic = (channelId, name) => state.topics.find((x) => x.channel_id === channelId && x.name.toLocaleLowerCase('nb') === name.toLocaleLowerCase('nb'));
  const escape = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

  // Presence: per person across sockets.
  const presenceOf = (userId) => {
    const mine = [...sockets].filter((s) => s.userId === userId);
    if (mine.length === 0) return 'offline';
    return mine.some((s) => s.presence !== 'idle') ? 'online' : 'idle';
  };
  const lastPresence = new Map();
  const presenceChanged = (userId) => {
    const state2 = presenceOf(userId);
    if (lastPresence.get(userId) === state2) return;
    lastPresence.set(userId, state2);
    const teamIds = memberships.filter((x) => x.user_id === userId).map((x) => x.team_id);
    const to = [...new Set(memberships.filter((x) => teamIds.includes(x.team_id)).map((x) => x.user_id))];
    toUsers(to, { ev: 'presence', user_id: userId, state: state2 });
  };

  Object.assign(OPS, {
    'channel.list': { access: 'user', run: (f, { me }) => {
      const t = teamOf(f);
      need(canRead(me, t.id));
      const list = channelsOf(t.id).map((c) => channelView(c, me.id));
      return { channels: [...list.filter((c) => !c.archived), ...list.filter((c) => c.archived)] };
    } },
    'channel.create': { access: 'user', run: (f, { me }) => {
      const t = teamOf(f);
      need(isFac(me, t.id));
      const name = typeof f.name === 'string' ? f.name.trim() : '';
      if (name === '' || name.length > 80) throw new OpError('bad_request', 'name: 1..80 characters');
      if (channelsOf(t.id).some((c) => c.name.toLocaleLowerCase('nb') === name.toLocaleLowerCase('nb'))) throw new OpError('conflict', 'channel exists');
      const c = { id: id(), team_id: t.id, name, description: typeof f.description === 'string' ? f.description : '', archived: false, last_seq: 0 };
      state.channels.push(c);
      toUsers(teamMembers(t.id), (uid) => ({ ev: 'channel.updated', channel: channelView(c, uid) }));
      return { channel: channelView(c, me.id) };
    } },
    'channel.update': { access: 'user', run: (f, { me }) => {
      const c = channelOf(f, me, 'manage');
      if (f.name !== undefined) {
        const name = String(f.name).trim();
        if (name === '' || name.length > 80) throw new OpError('bad_request', 'name');
        if (channelsOf(c.team_id).some((x) => x !== c && x.name.toLocaleLowerCase('nb') === name.toLocaleLowerCase('nb'))) throw new OpError('conflict', 'channel exists');
        c.name = name;
      }
      if (f.description !== undefined) c.description = String(f.description);
      if (f.archived !== undefined) c.archived = bool(f, 'archived');
      toUsers(teamMembers(c.team_id), (uid) => ({ ev: 'channel.updated', channel: channelView(c, uid) }));
      return { channel: channelView(c, me.id) };
    } },
    'topic.list': { access: 'user', run: (f, { me }) => {
      const c = channelOf(f, me);
      const list = state.topics.filter((x) => x.channel_id === c.id).map((x) => topicView(x, me.id));
      list.sort((a, b) => b.last_activity_at.localeCompare(a.last_activity_at));
      return { topics: list };
    } },
    'topic.update': { access: 'user', run: (f, { me }) => {
      const c = channelOf(f, me, 'manage');
      const tp = state.topics.find((x) => x.id === int(f, 'topic_id') && x.channel_id === c.id);
      if (!tp) throw new OpError('not_found', 'topic');
      if (f.to_channel_id !== undefined) throw new OpError('bad_request', 'to_channel_id: not in the fake server');
      let result = tp;
      if (f.name !== undefined) {
        const name = topicName({ topic: f.name });
        const other = findTopic(c.id, name);
        if (other && other !== tp) {
          for (const m of state.messages) if (m.topic_id === tp.id) m.topic_id = other.id;
          state.topics.splice(state.topics.indexOf(tp), 1);
          result = other;
        } else tp.name = name;
      }
      if (f.resolved !== undefined) result.resolved = bool(f, 'resolved');
      toSubscribers(c, (uid) => ({ ev: 'topic.updated', channel_id: c.id, topic: topicView(result, uid) }));
      return { topic: topicView(result, me.id) };
    } },
    'message.send': { access: 'user', run: (f, { me }) => {
      const c = channelOf(f, me, 'write');
      const cmid = f.client_msg_id;
      if (typeof cmid !== 'string' || cmid.length < 8 || cmid.length > 64) throw new OpError('bad_request', 'client_msg_id: 8..64 characters');
      const earlier = state.sent.find((x) => x.user_id === me.id && x.client_msg_id === cmid);
      if (earlier) return { message: messageView(state.messages.find((m) => m.id === earlier.message_id), me.id) };
      if (typeof f.body !== 'string' || f.body.length === 0) throw new OpError('bad_request', 'body');
      if (Buffer.byteLength(f.body, 'utf8') > BODY_MAX) throw new OpError('too_large', 'body over 16 KiB');
      const name = topicName(f);
      if (c.archived) throw new OpError('conflict', 'channel archived');
      rateLimit(me.id);
      let tp = findTopic(c.id, name);
      const writersBefore = tp ? [...new Set(state.messages.filter((m) => m.topic_id === tp.id && !m.deleted).map((m) => m.author_id))] : [];
      if (!tp) {
        tp = { id: id(), channel_id: c.id, name, resolved: false, last_activity_at: now() };
        state.topics.push(tp);
      }
      tp.last_activity_at = now();
      const m = {
        id: id(), channel_id: c.id, seq: ++c.last_seq, topic_id: tp.id, author_id: me.id, body: f.body, created_at: now(), edited_at: null,
        deleted: false, pinned: false, archive_worthy: false, ...parseMentions(f.body, c.team_id),
      };
      state.messages.push(m);
      state.sent.push({ user_id: me.id, client_msg_id: cmid, message_id: m.id });
      // The marker moves for the author: their own message is read.
      const mk = state.markers.find((x) => x.user_id === me.id && x.channel_id === c.id);
      if (mk) mk.seq = Math.max(mk.seq, m.seq); else state.markers.push({ user_id: me.id, channel_id: c.id, seq: m.seq });
      toSubscribers(c, () => ({ ev: 'message.new', channel_id: c.id, message: newMessageView(m) }));
      const members = teamMembers(c.team_id);
      const mentioned = (m.mentions_team ? members : m.mentions).filter((uid) => uid !== me.id && members.includes(uid));
      for (const uid of mentioned) notify(uid, 'mention', m, me);
      for (const uid of writersBefore) if (uid !== me.id && !mentioned.includes(uid)) notify(uid, 'reply', m, me);
      return { message: messageView(m, me.id) };
    } },
    'message.edit': { access: 'user', run: (f, { me }) => {
      const { c, m } = messageOf(f, me, 'read');
      if (m.author_id !== me.id) throw new OpError('forbidden', 'only the author edits');
      if (m.deleted) throw new OpError('conflict', 'deleted');
      if (typeof f.body !== 'string' || f.body.length === 0) throw new OpError('bad_request', 'body');
      if (Buffer.byteLength(f.body, 'utf8') > BODY_MAX) throw new OpError('too_large', 'body over 16 KiB');
      state.edits.push({ message_id: m.id, body: m.body, edited_at: m.edited_at ?? m.created_at });
      m.body = f.body;
      m.edited_at = now();
      Object.assign(m, parseMentions(f.body, c.team_id));
      toSubscribers(c, () => ({ ev: 'message.updated', channel_id: c.id, message: messageView(m, 0) }));
      return { message: messageView(m, me.id) };
    } },
    'message.history_of': { access: 'user', run: (f, { me }) => {
      const { m } = messageOf(f, me, 'read');
      return { edits: state.edits.filter((e) => e.message_id === m.id).map(({ body, edited_at }) => ({ body, edited_at })) };
    } },
    'message.delete': { access: 'user', run: (f, { me }) => {
      const { c, m } = messageOf(f, me, 'read');
      need(m.author_id === me.id || isFac(me, c.team_id));
      m.deleted = true;
      m.body = '';
      state.edits = state.edits.filter((e) => e.message_id !== m.id);
      toSubscribers(c, () => ({ ev: 'message.updated', channel_id: c.id, message: messageView(m, 0) }));
      return {};
    } },
    'message.react': { access: 'user', run: (f, { me }) => {
      const { c, m } = messageOf(f, me, 'write');
      const emoji = f.emoji;
      if (typeof emoji !== 'string' || emoji.length === 0 || Buffer.byteLength(emoji) > 32) throw new OpError('bad_request', 'emoji');
      const on = bool(f, 'on');
      state.reactions = state.reactions.filter((r) => !(r.message_id === m.id && r.user_id === me.id && r.emoji === emoji));
      if (on) state.reactions.push({ message_id: m.id, user_id: me.id, emoji });
      toSubscribers(c, () => ({ ev: 'message.updated', channel_id: c.id, message: messageView(m, 0) }));
      return { message: messageView(m, me.id) };
    } },
    'message.pin': { access: 'user', run: (f, { me }) => {
      const { c, m } = messageOf(f, me, 'manage');
      const on = bool(f, 'on');
      const was = m.pinned;
      m.pinned = on;
      toSubscribers(c, () => ({ ev: 'message.updated', channel_id: c.id, message: messageView(m, 0) }));
      if (on && !was) for (const uid of teamMembers(c.team_id)) if (uid !== me.id) notify(uid, 'pin', m, me);
      return { message: messageView(m, me.id) };
    } },
    'message.archive_worthy': { access: 'user', run: (f, { me }) => {
      const { c, m } = messageOf(f, me, 'write');
      m.archive_worthy = bool(f, 'on');
      toSubscribers(c, () => ({ ev: 'message.updated', channel_id: c.id, message: messageView(m, 0) }));
      return { message: messageView(m, me.id) };
    } },
    'channel.pins': { access: 'user', run: (f, { me }) => {
      const c = channelOf(f, me);
      return { messages: state.messages.filter((m) => m.channel_id === c.id && m.pinned && !m.deleted).map((m) => messageView(m, me.id)) };
    } },
    'channel.subscribe': { access: 'user', socketOnly: true, run: (f, { me, socket }) => {
      const c = channelOf(f, me);
      if (!socket) throw new OpError('bad_request', 'channel.subscribe needs the WebSocket');
      socket.subs ??= new Set();
      socket.subs.add(c.id);
      const all = state.messages.filter((m) => m.channel_id === c.id);
      if (f.since_seq !== undefined) {
        const since = int(f, 'since_seq');
        if (c.last_seq - since > RESYNC_AFTER) return { resync: true, last_seq: c.last_seq };
        return { last_seq: c.last_seq, messages: all.filter((m) => m.seq > since).map((m) => messageView(m, me.id)) };
      }
      return { last_seq: c.last_seq, messages: all.slice(-PAGE).map((m) => messageView(m, me.id)) };
    } },
    'channel.unsubscribe': { access: 'user', run: (f, { me, socket }) => {
      const c = channelOf(f, me);
      socket?.subs?.delete(c.id);
      return {};
    } },
    'channel.history': { access: 'user', run: (f, { me }) => {
      const c = channelOf(f, me);
      const limit = f.limit === undefined ? PAGE : int(f, 'limit');
      if (limit < 1 || limit > 200) throw new OpError('bad_request', 'limit: 1..200');
      let all = state.messages.filter((m) => m.channel_id === c.id);
      if (f.topic !== undefined) {
        const tp = findTopic(c.id, String(f.topic));
        all = all.filter((m) => m.topic_id === tp?.id);
      }
      let page;
      let before;
      let after;
      if (f.around_message_id !== undefined) {
        const at = all.findIndex((m) => m.id === f.around_message_id);
        if (at < 0) throw new OpError('not_found', 'message');
        const start = Math.max(0, at - Math.floor(limit / 2));
        page = all.slice(start, start + limit);
        before = start > 0;
        after = start + limit < all.length;
      } else {
        const upto = f.before_seq === undefined ? all : all.filter((m) => m.seq < int(f, 'before_seq'));
        page = upto.slice(-limit);
        before = upto.length > page.length;
        after = f.before_seq !== undefined && all.some((m) => m.seq >= f.before_seq);
      }
      return { messages: page.map((m) => messageView(m, me.id)), has_more_before: before, has_more_after: after };
    } },
    'channel.read': { access: 'user', run: (f, { me, socket }) => {
      const c = channelOf(f, me);
      const seq = Math.min(int(f, 'seq'), c.last_seq);
      const mk = state.markers.find((x) => x.user_id === me.id && x.channel_id === c.id);
      if (mk) mk.seq = Math.max(mk.seq, seq); else state.markers.push({ user_id: me.id, channel_id: c.id, seq });
      const counts = unreadOf(me.id, c);
      for (const s of sockets) if (s.userId === me.id && s !== socket) send(s, { ev: 'channel.read', channel_id: c.id, seq: marker(me.id, c.id), ...counts });
      return {};
    } },
    'chat.unread': { access: 'user', run: (f, { me }) => {
      const teamIds = me.is_admin ? teams.map((t) => t.id) : memberships.filter((x) => x.user_id === me.id).map((x) => x.team_id);
      return { channels: teamIds.flatMap((tid) => channelsOf(tid)).map((c) => ({
        channel_id: c.id, team_id: c.team_id, ...unreadOf(me.id, c),
        topics: state.topics.filter((tp) => tp.channel_id === c.id).map((tp) => ({ topic_id: tp.id, unread: topicView(tp, me.id).unread })),
      })) };
    } },
    'chat.typing': { access: 'user', run: (f, { me, socket }) => {
      const c = channelOf(f, me, 'write');
      const topic = topicName(f);
      const t = Date.now();
      if (socket) {
        if (socket.typingAt && t - socket.typingAt < TYPING_INTERVAL_MS) return {};
        socket.typingAt = t;
      }
      toSubscribers(c, () => ({ ev: 'typing', channel_id: c.id, topic, user_id: me.id, display_name: me.display_name }), socket);
      return {};
    } },
    'presence.list': { access: 'user', run: (f, { me }) => {
      const t = teamOf(f);
      need(canRead(me, t.id));
      return { presence: teamMembers(t.id).map((uid) => ({ user_id: uid, state: presenceOf(uid) })) };
    } },
    'presence.set': { access: 'user', run: (f, { me, socket }) => {
      if (!['online', 'idle'].includes(f.state)) throw new OpError('bad_request', 'state');
      if (socket) socket.presence = f.state;
      presenceChanged(me.id);
      return {};
    } },
    'notification.list': { access: 'user', run: (f, { me }) => {
      const limit = f.limit === undefined ? 50 : int(f, 'limit');
      const mine = state.notifications.filter((n) => n.user_id === me.id);
      const list = mine.filter((n) => !f.unread_only || !n.read).slice(-limit).reverse().map(({ user_id: _u, ...v }) => v);
      return { notifications: list, unread: mine.filter((n) => !n.read).length };
    } },
    'notification.read': { access: 'user', run: (f, { me }) => {
      const mine = state.notifications.filter((n) => n.user_id === me.id);
      if (f.all !== true && !Array.isArray(f.ids)) throw new OpError('bad_request', 'ids or all');
      for (const n of mine) if (f.all === true || f.ids.includes(n.id)) n.read = true;
      return { unread: mine.filter((n) => !n.read).length };
    } },
    'chat.search': { access: 'user', run: (f, { me }) => {
      if (typeof f.query !== 'string' || f.query.trim() === '') throw new OpError('bad_request', 'query');
      const terms = f.query.trim().toLocaleLowerCase('nb').split(/\s+/).map((w) => (w.endsWith('*') ? { w: w.slice(0, -1), prefix: true } : { w, prefix: false }));
      const readable = new Set(teams.filter((t) => canRead(me, t.id)).map((t) => t.id));
      const word = /[\p{L}\p{N}_]+/gu;
      const results = [];
      for (const m of state.messages) {
        if (m.deleted) continue;
        const c = state.channels.find((x) => x.id === m.channel_id);
        if (!readable.has(c.team_id)) continue;
        if (f.team_id !== undefined && c.team_id !== f.team_id) continue;
        if (f.channel_id !== undefined && c.id !== f.channel_id) continue;
        if (f.author_id !== undefined && m.author_id !== f.author_id) continue;
        if (f.topic !== undefined && state.topics.find((x) => x.id === m.topic_id)?.name !== f.topic) continue;
        const day = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Oslo' }).format(new Date(m.created_at));
        if (f.from && day < f.from) continue;
        if (f.to && day > f.to) continue;
        const words = (m.body.toLocaleLowerCase('nb').match(word) ?? []);
        const hit = (t, w) => (t.prefix ? w.startsWith(t.w) : w === t.w);
        if (!terms.every((t) => words.some((w) => hit(t, w)))) continue;
        const snippet = escape(m.body).replace(/[\p{L}\p{N}_]+/gu, (w) => (terms.some((t) => hit(t, w.toLocaleLowerCase('nb'))) ? `<mark>${w}</mark>` : w));
        results.push({ m, snippet, score: words.filter((w) => terms.some((t) => hit(t, w))).length });
      }
      if (f.order === 'time') results.sort((a, b) => b.m.created_at.localeCompare(a.m.created_at) || b.m.id - a.m.id);
      else results.sort((a, b) => b.score - a.score || b.m.id - a.m.id);
      return { results: results.slice(0, f.limit ?? 50).map((r) => ({ message: messageView(r.m, me.id), snippet: r.snippet })) };
    } },
    'channel.export': { access: 'user', run: (f, { me }) => {
      const c = channelOf(f, me);
      const ms = state.messages.filter((m) => m.channel_id === c.id).map((m) => messageView(m, me.id))
        .filter((m) => f.topic === undefined || m.topic === f.topic);
      if (f.format === 'json') return { filename: `${c.name}.json`, content: JSON.stringify({ channel: c.name, messages: ms }) };
      return { filename: `${c.name}.md`, content: ms.map((m) => `**${m.author_name}** (${m.created_at}, ${m.topic}): ${m.deleted ? '_slettet_' : m.body}`).join('\n\n') };
    } },
  });

  return {
    state,
    onSocketOpen(entry) { entry.subs = new Set(); entry.presence = 'online'; presenceChanged(entry.userId); },
    onSocketClose(entry) { presenceChanged(entry.userId); },
  };
}
