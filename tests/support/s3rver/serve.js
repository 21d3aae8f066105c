// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

'use strict';
// s3rver, an S3-compatible server, behind a check of AWS Signature Version 4
// made with the AWS SDK's own signer (s3rver 3.7 accepts any V4 signature).
// A request whose signature or payload hash does not match is refused as S3
// refuses it. Usage: node serve.js DIRECTORY BUCKET ACCESS_KEY_ID SECRET;
// prints "S3 listening on 127.0.0.1:PORT" and serves on loopback only.
const crypto = require('crypto');
const http = require('http');
const S3rver = require('s3rver');
const { SignatureV4 } = require('@smithy/signature-v4');
const { Sha256 } = require('@aws-crypto/sha256-js');

const [directory, bucket, accessKeyId, secretAccessKey] = process.argv.slice(2);
const authorizationPattern =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;

function refuse(response, status, code, message) {
  response.writeHead(status, { 'Content-Type': 'application/xml' });
  response.end(
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code>` +
      `<Message>${message}</Message></Error>`,
  );
}

function signingDate(amzDate) {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate || '');
  return m ? new Date(Date.UTC(+m[1], m[2] - 1, +m[3], +m[4], +m[5], +m[6])) : null;
}

// The reason a request is refused, or null when its signature holds.
async function check(request, body) {
  const match = authorizationPattern.exec(request.headers.authorization || '');
  if (!match) return ['AccessDenied', 'Access Denied'];
  const [, keyId, , region, service, signedHeaders, signature] = match;
  if (keyId !== accessKeyId)
    return ['InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.'];
  const payloadHash = request.headers['x-amz-content-sha256'];
  if (payloadHash !== 'UNSIGNED-PAYLOAD' &&
      payloadHash !== crypto.createHash('sha256').update(body).digest('hex'))
    return ['XAmzContentSHA256Mismatch',
            "The provided 'x-amz-content-sha256' header does not match what was computed."];
  const date = signingDate(request.headers['x-amz-date']);
  if (!date) return ['AccessDenied', 'AWS authentication requires a valid Date or x-amz-date header'];
  const headers = {};
  for (const name of signedHeaders.split(';')) headers[name] = request.headers[name] || '';
  const url = new URL(request.url, 'http://' + request.headers.host);
  const query = {};
  for (const [name, value] of url.searchParams) query[name] = value;
  const signer = new SignatureV4({
    credentials: { accessKeyId, secretAccessKey },
    region,
    service,
    sha256: Sha256,
    uriEscapePath: false, // S3 encodes the path once
    applyChecksum: false,
  });
  const signed = await signer.sign(
    { method: request.method, protocol: 'http:', hostname: url.hostname, port: url.port,
      path: url.pathname, query, headers },
    { signingDate: date },
  );
  const expected = /Signature=([0-9a-f]{64})/.exec(signed.headers.authorization)[1];
  if (expected !== signature)
    return ['SignatureDoesNotMatch',
            'The request signature we calculated does not match the signature you provided. ' +
              'Check your key and signing method.'];
  return null;
}

async function main() {
  const backend = await new S3rver({
    directory, address: '127.0.0.1', port: 0, silent: true,
    configureBuckets: [{ name: bucket, configs: [] }],
  }).run();
  const server = http.createServer((request, response) => {
    const chunks = [];
    request.on('data', chunk => chunks.push(chunk));
    request.on('end', async () => {
      const body = Buffer.concat(chunks);
      const refused = await check(request, body);
      if (refused) {
        refuse(response, 403, refused[0], refused[1]);
        return;
      }
      const forward = http.request(
        { host: '127.0.0.1', port: backend.port, method: request.method, path: request.url,
          headers: request.headers },
        answer => {
          response.writeHead(answer.statusCode, answer.headers);
          answer.pipe(response);
        },
      );
      forward.on('error', error => refuse(response, 502, 'InternalError', error.message));
      forward.end(body);
    });
  });
  server.listen(0, '127.0.0.1', () => {
    console.log(`S3 listening on 127.0.0.1:${server.address().port}`);
  });
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
