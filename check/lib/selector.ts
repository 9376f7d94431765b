/**
 * Label selectors as the API server reads them: every matchLabels pair, and
 * every matchExpressions requirement (In, NotIn, Exists, DoesNotExist).
 * https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#resources-that-support-set-based-requirements
 */
export interface Requirement {
  key: string;
  operator: string;
  values: string[];
}

export function selects(
  labels: Record<string, string>,
  matchLabels: Record<string, string>,
  expressions: Requirement[] = [],
): boolean {
  for (const [k, v] of Object.entries(matchLabels)) if (labels[k] !== v) return false;
  return expressions.every((e) => {
    switch (e.operator) {
      case 'In':
        return e.key in labels && e.values.includes(labels[e.key]);
      case 'NotIn':
        return !(e.key in labels) || !e.values.includes(labels[e.key]);
      case 'Exists':
        return e.key in labels;
      case 'DoesNotExist':
        return !(e.key in labels);
      default:
        return false;
    }
  });
}

/** `app=api, tier=backend` for messages. */
export const showLabels = (l: Record<string, string>): string =>
  Object.entries(l)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
