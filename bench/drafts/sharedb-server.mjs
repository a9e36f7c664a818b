// The reference server of the drafts full-path benchmark (issue 4): ShareDB with the
// ot-text-unicode type (the op format Arena speaks), its in-memory backend (MemoryDB, no
// persistence) and ws, one JSON message per WebSocket text frame through
// @teamwork/websocket-json-stream, the adapter ShareDB's own examples use. Not a test.
//
//   node sharedb-server.mjs PORT COLLECTION DOC INITIAL_TEXT_FILE
//
// Listens on 127.0.0.1 only. Creates the one document COLLECTION/DOC with the text in
// INITIAL_TEXT_FILE (the same text Arena's draft starts with) before it listens, then prints
// "listening PORT". arena-draft-loadgen --dialect sharedb speaks ShareDB's wire protocol to it.
import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const ShareDB = require('sharedb');
const WebSocketJSONStream = require('@teamwork/websocket-json-stream');
const { WebSocketServer } = require('ws');
const { type: textUnicode } = require('ot-text-unicode');

const [port, collection, docId, initialFile] = process.argv.slice(2);
if (!port || !collection || !docId || !initialFile) {
  console.error('usage: node sharedb-server.mjs PORT COLLECTION DOC INITIAL_TEXT_FILE');
  process.exit(2);
}
ShareDB.types.register(textUnicode);
const backend = new ShareDB();  // MemoryDB, in-memory pub/sub, no presence

const initial = fs.readFileSync(initialFile, 'utf8');
const doc = backend.connect().get(collection, docId);
doc.create(initial, textUnicode.uri, (err) => {
  if (err) {
    console.error('create failed:', err);
    process.exit(1);
  }
  const server = http.createServer((req, res) => { res.writeHead(404); res.end(); });
  const wss = new WebSocketServer({ server, perMessageDeflate: false });
  wss.on('connection', (ws) => backend.listen(new WebSocketJSONStream(ws)));
  server.listen(Number(port), '127.0.0.1', () => console.log(`listening ${port}`));
});
