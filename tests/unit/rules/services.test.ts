/** Rules over Services and routes: selectors, target ports, backends, middlewares, TLS Secrets. */
import { RULES } from '../../../check/index.ts';
import { deployment, ingress, ingressRoute, middleware, secret, service } from './fixtures.ts';
import { lineOf, ruleTester } from './tester.ts';

const rule = (id: string) => RULES.find((r) => r.meta.id === id)!;
const APP = deployment();

{
  const svc = service({ selector: { app: 'apx' } });
  ruleTester(rule('dangling-service'), {
    valid: [
      { name: 'selects the api pods', manifests: { 'app.yaml': APP, 'svc.yaml': service() } },
      {
        name: 'a Service without selector (endpoints by hand) is not dangling',
        manifests: {
          'svc.yaml':
            'apiVersion: v1\nkind: Service\nmetadata:\n  name: ext\n  namespace: honeydue\nspec:\n  ports:\n    - port: 5432\n',
        },
      },
    ],
    invalid: [
      {
        name: 'a selector no pod has',
        manifests: { 'app.yaml': APP, 'svc.yaml': svc },
        errors: [
          {
            messageId: 'dangling',
            message: 'Service `api` selects app=apx, which matches no pod.',
            file: 'svc.yaml',
            line: lineOf(svc, 'selector:'),
          },
        ],
      },
      {
        name: 'pods of another namespace do not count',
        manifests: { 'app.yaml': deployment({ namespace: 'other' }), 'svc.yaml': service() },
        errors: [{ messageId: 'dangling', file: 'svc.yaml', line: lineOf(service(), 'selector:') }],
      },
    ],
  });
}

{
  const svc = service({ targetPort: 9000 });
  ruleTester(rule('service-target-port'), {
    valid: [
      {
        name: 'by name',
        manifests: { 'app.yaml': APP, 'svc.yaml': service({ targetPort: 'http' }) },
      },
      {
        name: 'by number',
        manifests: { 'app.yaml': APP, 'svc.yaml': service({ targetPort: 8000 }) },
      },
    ],
    invalid: [
      {
        name: 'a port no container declares, the workload as the other side',
        manifests: { 'app.yaml': APP, 'svc.yaml': svc },
        errors: [
          {
            messageId: 'missing',
            message: 'Service `api` targets port 9000, which no selected container exposes.',
            file: 'svc.yaml',
            line: lineOf(svc, 'targetPort: 9000'),
            config: { file: 'app.yaml', line: lineOf(APP, '- name: http') },
          },
        ],
      },
      {
        name: 'a port name no container declares',
        manifests: { 'app.yaml': APP, 'svc.yaml': service({ targetPort: 'metrics' }) },
        errors: [
          {
            messageId: 'missing',
            message: /targets port metrics/,
            file: 'svc.yaml',
            line: lineOf(service(), 'targetPort:'),
          },
        ],
      },
    ],
  });
}

const BACKEND = { 'app.yaml': APP, 'svc.yaml': service() };
{
  const missing = ingressRoute({ service: 'apii' });
  const port = ingressRoute({ port: 9999 });
  const catchAll = ingress({ service: 'apii', defaultBackend: true });
  ruleTester(rule('dangling-ingress'), {
    valid: [
      { name: 'Service and port exist', manifests: { ...BACKEND, 'route.yaml': ingressRoute() } },
    ],
    invalid: [
      {
        name: 'a default backend that does not exist: the route for every host',
        manifests: { ...BACKEND, 'ing.yaml': catchAll },
        errors: [
          {
            messageId: 'service',
            message: 'Route for every host sends traffic to Service `apii`, which does not exist.',
            file: 'ing.yaml',
            line: lineOf(catchAll, 'defaultBackend:'),
          },
        ],
      },
      {
        name: 'a Service that does not exist',
        manifests: { ...BACKEND, 'route.yaml': missing },
        errors: [
          {
            messageId: 'service',
            message:
              'Route for api.example.com sends traffic to Service `apii`, which does not exist.',
            file: 'route.yaml',
            line: lineOf(missing, 'match:'),
          },
        ],
      },
      {
        name: 'a port the Service does not have',
        manifests: { ...BACKEND, 'route.yaml': port },
        errors: [
          {
            messageId: 'port',
            message:
              'Route for api.example.com uses port 9999 of Service `api`, which has ports 8000.',
            file: 'route.yaml',
            line: lineOf(port, 'match:'),
            config: { file: 'svc.yaml', line: lineOf(service(), 'ports:') },
          },
        ],
      },
    ],
  });
}

{
  const r = ingressRoute({ middlewares: ['compress', 'headers'] });
  ruleTester(rule('dangling-middleware'), {
    valid: [
      {
        name: 'both defined',
        manifests: {
          ...BACKEND,
          'route.yaml': r,
          'mw.yaml': `${middleware('compress')}---\n${middleware('headers')}`,
        },
      },
    ],
    invalid: [
      {
        name: 'one missing',
        manifests: { ...BACKEND, 'route.yaml': r, 'mw.yaml': middleware('compress') },
        errors: [
          {
            messageId: 'missing',
            message:
              'Route for api.example.com uses middleware `headers`, which is not defined in namespace honeydue.',
            file: 'route.yaml',
            line: lineOf(r, 'match:'),
          },
        ],
      },
    ],
  });
}

{
  const r = ingressRoute({ tls: 'origin-tls' });
  ruleTester(rule('dangling-tls-secret'), {
    valid: [
      {
        name: 'declared',
        manifests: {
          ...BACKEND,
          'route.yaml': r,
          's.yaml': secret('origin-tls', ['tls.crt', 'tls.key']),
        },
      },
      {
        name: 'no Secret templates at all: nothing to compare',
        manifests: { ...BACKEND, 'route.yaml': r },
      },
    ],
    invalid: [
      {
        name: 'a TLS Secret no template declares',
        manifests: { ...BACKEND, 'route.yaml': r, 's.yaml': secret('other', ['x']) },
        errors: [
          {
            messageId: 'missing',
            message:
              'Route for api.example.com uses TLS secret `origin-tls`, which no Secret template declares.',
            file: 'route.yaml',
            line: lineOf(r, 'secretName:'),
          },
        ],
      },
    ],
  });
}
