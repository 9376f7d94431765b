/** A container's startup probe must check a port the container declares (kube-linter: startup-port). */
import { probePortRule } from '../lib/probe-port.ts';

export default probePortRule('startup');
