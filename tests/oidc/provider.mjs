// A real OpenID Connect provider for the tests (the npm package oidc-provider), on
// 127.0.0.1. Usage: node provider.mjs PORT APP_BASE_URL
// Its development sign-in accepts any login: the login is the subject, and the e-mail is
// the login itself when it has an @ (else LOGIN@example.dk). A login starting with
// "unverified" gets email_verified false.
import { readFileSync } from 'node:fs';
import Provider from 'oidc-provider';

const port = Number(process.argv[2]);
const app = process.argv[3];
const jwks = process.argv[4] ? JSON.parse(readFileSync(process.argv[4], 'utf8')) : undefined;
const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [{
    client_id: 'coaching-journal',
    client_secret: 'test-client-secret',
    redirect_uris: [`${app}/auth/oidc/callback`],
    post_logout_redirect_uris: [`${app}/login`],
  }],
  pkce: { required: () => true, methods: ['S256'] },
  claims: { openid: ['sub'], email: ['email', 'email_verified'] },
  features: { devInteractions: { enabled: true } },
  cookies: { keys: ['a-test-cookie-key-that-is-long-enough'] },
  ...(jwks ? { jwks } : {}),
  findAccount: async (ctx, id) => ({
    accountId: id,
    claims: async () => ({
      sub: id,
      email: id.includes('@') ? id : `${id}@example.dk`,
      email_verified: !id.startsWith('unverified'),
    }),
  }),
});
provider.proxy = false;
provider.listen(port, '127.0.0.1', () => console.log(`ready ${port}`));
