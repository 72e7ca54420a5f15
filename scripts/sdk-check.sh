#!/usr/bin/env bash
# Stytch's official Python and Node SDKs against the local Stytch: a whole rotation (get, start,
# token with the new secret, complete) and a state error, as against Stytch; and M2M client search
# across pages (252 clients, 100 a page) and with filters; an access token got through each SDK and
# authenticated by it against the local Stytch's JWKS (signature, issuer, audience, expiry,
# required scopes), a forged token (another RSA key, HS256) and a missing scope refused; a
# client's trusted_metadata updated through each SDK (merge, null deletes). Installs both SDKs
# into a throwaway folder (PyPI and npm).
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in python3 node npm; do
  command -v "$tool" > /dev/null || { echo "error: $tool not found; the SDK check needs python3 (with venv), node and npm" >&2; exit 1; }
done
cargo build --quiet --bins -p stytch-m2m-mock
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

python3 -m venv "$work/py" > /dev/null
"$work/py/bin/pip" install --quiet --disable-pip-version-check stytch > /dev/null
(cd "$work" && npm init -y > /dev/null && npm install --silent --no-audit --no-fund stytch > /dev/null)

export STYTCH_PROJECT_ID=project-test-00000000-0000-4000-8000-00000000sdk0
STYTCH_SECRET="secret-test-$(od -An -N18 -tx1 /dev/urandom | tr -d ' \n')"
export STYTCH_SECRET
"${CARGO_TARGET_DIR:-target}/debug/stytch-m2m-mock" --client m2m-client-test-py --client m2m-client-test-js \
  --client m2m-client-test-consumer-py --client m2m-client-test-consumer-js \
  --generate-clients 250 > "$work/mock.out" &
for _ in $(seq 100); do grep -q '^listening' "$work/mock.out" 2>/dev/null && break; sleep 0.05; done
export BASE="$(sed -n 's/^listening on //p' "$work/mock.out")/"

"$work/py/bin/python" - <<'PY'
import os, stytch
from stytch.core.response_base import StytchError
c = stytch.Client(project_id=os.environ["STYTCH_PROJECT_ID"], secret=os.environ["STYTCH_SECRET"], environment=os.environ["BASE"])
cid = "m2m-client-test-py"
before = c.m2m.clients.get(client_id=cid).m2m_client
assert before.next_client_secret_last_four is None
started = c.m2m.clients.secrets.rotate_start(client_id=cid).m2m_client
new = started.next_client_secret
assert len(new) == 44 and started.next_client_secret_last_four == new[-4:]
assert c.m2m.token(client_id=cid, client_secret=new).access_token
done = c.m2m.clients.secrets.rotate(client_id=cid).m2m_client
assert done.client_secret_last_four == new[-4:] and done.next_client_secret_last_four is None
try:
    c.m2m.clients.secrets.rotate_cancel(client_id=cid)
    raise SystemExit("cancel without a rotation should fail")
except StytchError as e:
    assert e.details.error_type == "m2m_client_not_rotating_secret", e.details

from stytch.consumer.models.m2m import M2MSearchQuery, M2MSearchQueryOperator
seen, cursor, pages = [], None, 0
while True:
    page = c.m2m.clients.search(limit=100, cursor=cursor)
    pages += 1
    assert page.results_metadata.total == 254, page.results_metadata
    seen += page.m2m_clients
    cursor = page.results_metadata.next_cursor
    if cursor is None:
        break
ids = [m.client_id for m in seen]
assert pages == 3 and len(ids) == 254 and len(set(ids)) == 254, (pages, len(ids))
assert cid in ids
admins = sorted(m.client_id for m in seen if "admin" in m.scopes)
query = M2MSearchQuery(operator=M2MSearchQueryOperator.AND, operands=[{"filter_name": "scopes", "filter_value": ["admin"]}])
found = c.m2m.clients.search(limit=1000, query=query)
assert 0 < len(admins) < 254 and sorted(m.client_id for m in found.m2m_clients) == admins
assert found.results_metadata.next_cursor is None and found.results_metadata.total == len(admins)
other = next(m for m in seen if m.client_name.startswith("Generated client"))
both = c.m2m.clients.search(query={"operator": "OR", "operands": [{"filter_name": "client_id", "filter_value": [cid]}, {"filter_name": "client_name", "filter_value": [other.client_name]}]})
assert {m.client_id for m in both.m2m_clients} == {cid, other.client_id}, both
try:
    c.m2m.clients.search(limit=1001)
    raise SystemExit("a limit over 1000 should fail")
except StytchError as e:
    assert e.details.status_code == 400 and e.details.error_type == "bad_request", e.details
print("python SDK: ok")
PY

"$work/py/bin/python" - <<'PY'
import os, time, jwt, stytch
from cryptography.hazmat.primitives.asymmetric import rsa
from stytch.core.response_base import StytchError
c = stytch.Client(project_id=os.environ["STYTCH_PROJECT_ID"], secret=os.environ["STYTCH_SECRET"], environment=os.environ["BASE"])
cid = "m2m-client-test-consumer-py"
started = c.m2m.clients.secrets.rotate_start(client_id=cid).m2m_client
secret = started.next_client_secret
tok = c.m2m.token(client_id=cid, client_secret=secret, scopes=["read:users"])
assert tok.expires_in == 3600 and tok.token_type.lower() == "bearer", tok
auth = c.m2m.authenticate_token(access_token=tok.access_token, required_scopes=["read:users"])
assert auth.client_id == cid and auth.scopes == ["read:users"], auth
# A scope the token lacks, a scope the client lacks, forged tokens: refused (an exception, or
# None from authenticate_token).
def refused(what, f):
    try:
        answer = f()
    except Exception:
        return
    if answer is not None:
        raise SystemExit(f"{what} was accepted: {answer}")
refused("a missing scope", lambda: c.m2m.authenticate_token(access_token=tok.access_token, required_scopes=["admin"]))
refused("a scope the client lacks", lambda: c.m2m.token(client_id=cid, client_secret=secret, scopes=["admin"]))
claims = jwt.decode(tok.access_token, options={"verify_signature": False})
assert claims["iss"] == "stytch.com/" + os.environ["STYTCH_PROJECT_ID"] and claims["aud"] == [os.environ["STYTCH_PROJECT_ID"]], claims
kid = jwt.get_unverified_header(tok.access_token)["kid"]
claims["exp"] = int(time.time()) + 600
other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
refused("a token signed by another key", lambda: c.m2m.authenticate_token(access_token=jwt.encode(claims, other, algorithm="RS256", headers={"kid": kid})))
refused("an HS256 token", lambda: c.m2m.authenticate_token(access_token=jwt.encode(claims, "a-shared-secret-of-32-bytes-or-more!", algorithm="HS256", headers={"kid": kid})))
# trusted_metadata through the SDK: merged at the top level, null deletes.
c.m2m.clients.update(client_id=cid, trusted_metadata={"team": "payments", "tier": 1})
c.m2m.clients.update(client_id=cid, trusted_metadata={"tier": None, "owner": "ops"})
meta = c.m2m.clients.get(client_id=cid).m2m_client.trusted_metadata
assert meta == {"team": "payments", "owner": "ops"}, meta
try:
    c.m2m.clients.update(client_id=cid, trusted_metadata={f"k{i}": i for i in range(21)})
    raise SystemExit("21 metadata keys should be refused")
except StytchError as e:
    assert e.details.status_code == 400, e.details
print("python SDK tokens and metadata: ok")
PY

(cd "$work" && node - <<'JS'
const stytch = require('stytch');
const c = new stytch.Client({project_id: process.env.STYTCH_PROJECT_ID, secret: process.env.STYTCH_SECRET, env: process.env.BASE});
const cid = 'm2m-client-test-js';
(async () => {
  const started = (await c.m2m.clients.secrets.rotateStart({client_id: cid})).m2m_client;
  if (started.next_client_secret.length !== 44) throw new Error('bad secret');
  const token = await c.m2m.token({client_id: cid, client_secret: started.next_client_secret});
  if (!token.access_token) throw new Error('no token');
  try { await c.m2m.clients.secrets.rotateStart({client_id: cid}); throw new Error('second start should fail'); }
  catch (e) { if (e.error_type !== 'm2m_client_already_rotating_secret') throw e; }
  const cancelled = (await c.m2m.clients.secrets.rotateCancel({client_id: cid})).m2m_client;
  if (cancelled.next_client_secret_last_four !== null) throw new Error('still pending');
  const seen = [];
  let cursor, pages = 0;
  do {
    const page = await c.m2m.clients.search({limit: 100, ...(cursor ? {cursor} : {})});
    pages += 1;
    if (page.results_metadata.total !== 254) throw new Error(`total ${page.results_metadata.total}`);
    seen.push(...page.m2m_clients);
    cursor = page.results_metadata.next_cursor;
  } while (cursor);
  const ids = new Set(seen.map(m => m.client_id));
  if (pages !== 3 || seen.length !== 254 || ids.size !== 254 || !ids.has(cid)) throw new Error(`pages ${pages}, ${seen.length} clients`);
  const writers = seen.filter(m => m.scopes.includes('write:users')).map(m => m.client_id).sort();
  const found = await c.m2m.clients.search({limit: 1000, query: {operator: 'AND', operands: [{filter_name: 'scopes', filter_value: ['write:users']}]}});
  const foundIds = found.m2m_clients.map(m => m.client_id).sort();
  if (writers.length === 0 || writers.length === 254 || JSON.stringify(foundIds) !== JSON.stringify(writers)) throw new Error('scopes filter');
  if (found.results_metadata.next_cursor !== null || found.results_metadata.total !== writers.length) throw new Error('metadata');
  try { await c.m2m.clients.search({limit: 1001}); throw new Error('a limit over 1000 should fail'); }
  catch (e) { if (e.status_code !== 400 || e.error_type !== 'bad_request') throw e; }
  console.log('node SDK: ok');

  const crypto = require('crypto');
  const ccid = 'm2m-client-test-consumer-js';
  const next = (await c.m2m.clients.secrets.rotateStart({client_id: ccid})).m2m_client.next_client_secret;
  const tok = await c.m2m.token({client_id: ccid, client_secret: next, scopes: ['read:users']});
  if (tok.expires_in !== 3600) throw new Error(`expires_in ${tok.expires_in}`);
  const auth = await c.m2m.authenticateToken({access_token: tok.access_token, required_scopes: ['read:users']});
  if (auth.client_id !== ccid || auth.scopes.join(' ') !== 'read:users') throw new Error(JSON.stringify(auth));
  const refused = async (what, f) => { let ok = false; try { await f(); ok = true; } catch (e) {} if (ok) throw new Error(`${what} was accepted`); };
  await refused('a missing scope', () => c.m2m.authenticateToken({access_token: tok.access_token, required_scopes: ['admin']}));
  await refused('a scope the client lacks', () => c.m2m.token({client_id: ccid, client_secret: next, scopes: ['admin']}));
  const [h, p] = tok.access_token.split('.');
  const b64 = (b) => Buffer.from(b).toString('base64url');
  const header = JSON.parse(Buffer.from(h, 'base64url'));
  const hs = b64(JSON.stringify({...header, alg: 'HS256'})) + '.' + p;
  await refused('an HS256 token', () => c.m2m.authenticateToken({access_token: hs + '.' + b64(crypto.createHmac('sha256', 'a-shared-secret').update(hs).digest())}));
  const {privateKey} = crypto.generateKeyPairSync('rsa', {modulusLength: 2048});
  const rs = h + '.' + p;
  await refused('a token signed by another key', () => c.m2m.authenticateToken({access_token: rs + '.' + b64(crypto.sign('sha256', Buffer.from(rs), privateKey))}));
  await c.m2m.clients.update({client_id: ccid, trusted_metadata: {team: 'payments', tier: 1}});
  await c.m2m.clients.update({client_id: ccid, trusted_metadata: {tier: null, owner: 'ops'}});
  const meta = (await c.m2m.clients.get({client_id: ccid})).m2m_client.trusted_metadata;
  if (JSON.stringify(meta) !== JSON.stringify({owner: 'ops', team: 'payments'}) && JSON.stringify(meta) !== JSON.stringify({team: 'payments', owner: 'ops'})) throw new Error(JSON.stringify(meta));
  console.log('node SDK tokens and metadata: ok');
})().catch(e => { console.error(e); process.exit(1); });
JS
) 2> >(grep -v "custom 'env' value" >&2)
