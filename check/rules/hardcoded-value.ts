/**
 * Config values typed by hand whose shape says they are config: IPv4
 * addresses and CIDRs, binary quantities and the CPU quantities the manifests
 * use, `replicas: 3`-style settings; and the images, versions and prices the
 * facts hold.
 */
import { literalRule } from '../lib/hardcoded.ts';

export default literalRule(
  {
    id: 'hardcoded-value',
    description:
      'An IPv4 address or CIDR, a quantity (`128Mi`, CPU values the manifests use), a `replicas: 3` / `port: 8000`-style setting, or an image, version or price the facts hold, typed into prose, a table, a `<Cmd>` or a code block.',
    fix: 'Render it with `<V k="…" />`; for history, put `{/* drift-ignore: reason */}` on the line above (`--verbose` lists every ignore).',
    docs: '#rule-hardcoded-value',
  },
  { kinds: ['ip', 'quantity', 'setting', 'image', 'version', 'price'], report: () => true },
);
