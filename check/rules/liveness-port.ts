/** A container's liveness probe must check a port the container declares (kube-linter: liveness-port). */
import { probePortRule } from '../lib/probe-port.ts';

export default probePortRule('liveness');
