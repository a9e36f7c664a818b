// Reference peer 1: minimal pub/sub on Bun.serve (uWebSockets underneath): the ceiling.
// Protocol: {"sub":"chan"} subscribes; {"pub":"chan","body":"..."} delivers
// {"chan":"chan","body":"..."} to every subscriber of chan (built once by server.publish).
// Loopback only. Usage: bun bench/peers/bun-pubsub.js PORT
const port = Number(process.argv[2] || 9101);
const server = Bun.serve({
  hostname: "127.0.0.1",
  port,
  fetch(req, srv) {
    if (srv.upgrade(req)) return undefined;
    return new Response("bench peer (bun)\n");
  },
  websocket: {
    perMessageDeflate: false,
    idleTimeout: 0,
    maxPayloadLength: 64 * 1024,
    message(ws, data) {
      let m;
      try { m = JSON.parse(data); } catch { return; }
      if (typeof m.sub === "string") ws.subscribe(m.sub);
      else if (typeof m.pub === "string")
        server.publish(m.pub, JSON.stringify({ chan: m.pub, body: m.body }));
    },
  },
});
console.log(`bun-pubsub listening on 127.0.0.1:${server.port}`);
