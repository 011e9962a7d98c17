// A stand-in for the WhatsApp Cloud API on loopback: accepts every send as Meta does and keeps what it got
// (GET /requests), so the test can see what the service sent. Prints its port on its first line.
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';

const received: { path: string; authorization: string | undefined; body: unknown }[] = [];

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    if (req.method === 'GET' && req.url === '/requests') {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(received));
      return;
    }
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    received.push({ path: req.url ?? '', authorization: req.headers.authorization, body });
    const to = String(body.to ?? '');
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({
      messaging_product: 'whatsapp',
      contacts: [{ input: to, wa_id: to.replace('+', '') }],
      messages: [{ id: `wamid.${randomUUID().replace(/-/g, '')}` }],
    }));
  });
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(typeof address === 'object' && address ? address.port : 0);
});
