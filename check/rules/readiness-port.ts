/** A container's readiness probe must check a port the container declares (kube-linter: readiness-port). */
import { probePortRule } from '../lib/probe-port.ts';

export default probePortRule('readiness');
