// Reference peer 3: Socket.IO 4 (rooms). The load generator speaks Engine.IO v4's websocket
// transport directly (GET /socket.io/?EIO=4&transport=websocket, no long-polling upgrade):
// "40" connects to the main namespace, 42["sub","chan"] joins a room, 42["pub","chan","body"]
// emits 42["msg",{"chan":"chan","body":"..."}] to the room (encoded once by the adapter).
// Loopback only. Usage: node bench/peers/socketio-server.js PORT
const { createServer } = require("http");
const { Server } = require("socket.io");
const port = Number(process.argv[2] || 9103);
const httpServer = createServer((req, res) => { res.writeHead(404); res.end(); });
const io = new Server(httpServer, { transports: ["websocket"], perMessageDeflate: false, maxHttpBufferSize: 64 * 1024 });
io.on("connection", (socket) => {
  socket.on("sub", (chan) => { if (typeof chan === "string") socket.join(chan); });
  socket.on("pub", (chan, body) => {
    if (typeof chan === "string") io.to(chan).emit("msg", { chan, body });
  });
});
httpServer.listen(port, "127.0.0.1", () => console.log(`socketio-server listening on 127.0.0.1:${port}`));
