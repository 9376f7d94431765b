/** Which settings name a URL the app hands to browsers, and which one it dials. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { handedOut } from '../../check/lib/config-reads.ts';

test('names of links: the app’s own address, the origins it accepts, redirects, linked pages', () => {
  const links = [
    // Its own public address, as apps and frameworks name it.
    'BASE_URL', // honeyDue, many Go and Node apps
    'PUBLIC_URL', // Create React App, Outline
    'SITE_URL', // Supabase Auth (GoTrue)
    'FRONTEND_URL',
    'APP_URL', // Laravel
    'ROOT_URL', // Gitea
    'GF_SERVER_ROOT_URL', // Grafana
    'EXTERNAL_URL', // GitLab
    'NEXT_PUBLIC_SITE_URL',
    'NEXT_PUBLIC_WEBAPP_URL', // Cal.com
    'PUBLIC_BASE_URL',
    'web.external-url', // Prometheus and Alertmanager, as a flag
    // Origins browsers may call it from.
    'CORS_ORIGINS',
    'CORS_ALLOWED_ORIGINS', // django-cors-headers
    'CORS_ORIGIN_WHITELIST',
    'ALLOWED_ORIGINS',
    'CSRF_TRUSTED_ORIGINS', // Django
    'ORIGIN', // SvelteKit's adapter-node
    'corsAllowedOrigins',
    // Where the browser is sent back to, and pages linked from e-mails.
    'OAUTH_REDIRECT_URI',
    'LOGIN_REDIRECT_URL',
    'GITHUB_CALLBACK_URL',
    'STRIPE_SUCCESS_URL',
    'STRIPE_CANCEL_URL',
    'PRIVACY_POLICY_URL',
    'TERMS_OF_SERVICE_URL',
    'SUPPORT_URL',
    'EMAIL_LOGO_URL',
    'CSP_CONNECT_SRC', // django-csp
  ];
  for (const name of links) assert.equal(handedOut(name), true, name);
});

test('names of connections, even where they hold a word a link’s name holds', () => {
  const dials = [
    'DATABASE_URL',
    'REDIS_URL',
    'S3_ENDPOINT',
    'AWS_ENDPOINT_URL_S3',
    'SMTP_HOST',
    'API_URL',
    'NEXT_PUBLIC_API_URL', // server-side code of a Next.js app reads it too
    'API_BASE_URL',
    'OPENAI_BASE_URL',
    'OLLAMA_BASE_URL',
    'SLACK_WEBHOOK_URL',
    'WEBHOOK_URL',
    'OIDC_ISSUER_URL', // the server fetches the discovery document
    'NEXTAUTH_URL', // NextAuth's server side may fetch its own endpoints there
    'OTEL_EXPORTER_OTLP_ENDPOINT',
    'POSTHOG_HOST',
    'remoteWrite.url', // VictoriaMetrics' vmagent, as a flag
    'CDN_ORIGIN', // the server a CDN fetches from
    'ORIGIN_URL',
    'URL',
    '',
  ];
  for (const name of dials) assert.equal(handedOut(name), false, name);
});
