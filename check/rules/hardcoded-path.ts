/** Paths the facts hold (mount paths, probe paths, certificate paths) typed by hand. */
import { literalRule } from '../lib/hardcoded.ts';

export default literalRule(
  {
    id: 'hardcoded-path',
    description:
      'A path the facts hold (a mount path, a probe path such as `/api/health/`, a certificate path) typed into prose, a `<Cmd>` or a code block.',
    fix: 'Render it: `<V k="deployment/api.probes.readiness.path" />`, or `{{key}}` in a `<Cmd>`.',
    docs: '#rule-hardcoded-path',
  },
  { kinds: ['path'], report: () => true },
);
