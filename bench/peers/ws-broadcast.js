// Reference peer 2: Node.js with the `ws` package, a broadcast loop over a Set per channel.
// Same protocol as bun-pubsub.js. The outgoing frame's text is built once per publish.
// Loopback only. Usage: node bench/peers/ws-broadcast.js PORT
const { WebSocketServer } = require("ws");
const port = Number(process.argv[2] || 9102);
const channels = new Map();
const wss = new WebSocketServer({ host: "127.0.0.1", port, perMessageDeflate: false, maxPayload: 64 * 1024 });
wss.on("connection", (ws) => {
  const mine = [];
  ws.on("message", (data) => {
    let m;
    try { m = JSON.parse(data); } catch { return; }
    if (typeof m.sub === "string") {
      let set = channels.get(m.sub);
      if (!set) channels.set(m.sub, (set = new Set()));
      set.add(ws);
      mine.push(set);
    } else if (typeof m.pub === "string") {
      const set = channels.get(m.pub);
      if (!set) return;
      const out = JSON.stringify({ chan: m.pub, body: m.body });
      for (const peer of set) if (peer.readyState === 1) peer.send(out);
    }
  });
  ws.on("close", () => { for (const set of mine) set.delete(ws); });
});
wss.on("listening", () => console.log(`ws-broadcast listening on 127.0.0.1:${port}`));
