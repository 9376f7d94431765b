/**
 * The values the API server accepts in an integer field, each range with the
 * Kubernetes source that sets it. Every integer of the Kubernetes API is an
 * int32 unless the API says otherwise (`format: int32` in its OpenAPI
 * document), and validation narrows some further. A range names the field's
 * unit in words (`what`), so a message reads "`containerPort` must be a port
 * number from 1 to 65535, found `70000`", and a value of the wrong type "must be
 * a port number".
 */

/** Inclusive bounds of an integer field, and what it holds in words. */
export interface IntRange {
  min: number;
  max: number;
  /** What the field holds, for a message: `a port number`. */
  what: string;
  /** The range in words, when `from <min> to <max>` does not say it (a file mode, an unset 0). */
  words?: string;
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/** `a port number from 1 to 65535`: the range in words. */
export function rangeText(r: IntRange): string {
  return `${r.what} ${r.words ?? `from ${r.min} to ${r.max}`}`;
}

export const RANGES = {
  /** Any integer field of the API (`format: int32`). */
  int32: { min: INT32_MIN, max: INT32_MAX, what: 'an integer' },
  /**
   * Counts that may be zero: Deployment, StatefulSet and ReplicaSet `replicas`, Job
   * `parallelism`, probe timings and thresholds, an int `maxUnavailable`/`maxSurge`/
   * `minAvailable` (ValidateNonnegativeField and ValidatePositiveIntOrPercent in
   * pkg/apis/apps/validation, pkg/apis/batch/validation, pkg/apis/policy/validation and
   * validateProbe in pkg/apis/core/validation/validation.go).
   */
  count: { min: 0, max: INT32_MAX, what: 'an integer' },
  /**
   * HPA `minReplicas`: at least 1, or 0 where the HPAScaleToZero feature gate is on
   * (validateHorizontalPodAutoscalerSpec, pkg/apis/autoscaling/validation: minReplicasLowerBound).
   */
  minReplicas: { min: 0, max: INT32_MAX, what: 'an integer' },
  /**
   * At least 1: HPA `maxReplicas` ("must be greater than 0", validateHorizontalPodAutoscalerSpec),
   * a metric's `averageUtilization` (validateMetricTarget, pkg/apis/autoscaling/validation) and a
   * topology spread constraint's `maxSkew` (validateTopologySpreadConstraints,
   * pkg/apis/core/validation/validation.go).
   */
  positive: { min: 1, max: INT32_MAX, what: 'an integer' },
  /**
   * A port: `containerPort`, a Service's `port`, a numeric probe port (IsValidPortNum in
   * k8s.io/apimachinery/pkg/util/validation, called by validateContainerPorts,
   * validateServicePort and ValidatePortNumOrName in pkg/apis/core/validation/validation.go).
   */
  port: { min: 1, max: 65535, what: 'a port number' },
  /**
   * A port where 0 means "not set": a Service's `nodePort` (0 lets Kubernetes allocate one)
   * and `targetPort` (0 defaults to `port`, SetDefaults_Service in pkg/apis/core/v1/defaults.go),
   * an Ingress backend's `port.number` (0 leaves the port to `port.name`,
   * validateIngressBackend in pkg/apis/networking/validation). A non-zero value is checked
   * by IsValidPortNum.
   */
  portOrUnset: {
    min: 0,
    max: 65535,
    what: 'a port number',
    words: 'from 1 to 65535 (or 0 to leave it unset)',
  },
  /**
   * A volume's `defaultMode`: "must be a number between 0 and 0777 (octal), both inclusive"
   * (fileModeErrorMsg in pkg/apis/core/validation/validation.go).
   */
  fileMode: { min: 0, max: 0o777, what: 'a file mode', words: 'from 0 to 0777 (511 in decimal)' },
  /**
   * `runAsUser`, `runAsGroup`, `fsGroup`: int64 in the API, but validation takes only a Unix
   * ID from 0 to 2147483647 (IsValidUserID and IsValidGroupID in
   * k8s.io/apimachinery/pkg/util/validation).
   */
  unixId: { min: 0, max: INT32_MAX, what: 'a Unix user or group ID' },
} as const satisfies Record<string, IntRange>;
