/**
 * A Secret or ConfigMap value the API server cannot decode, so `kubectl apply` refuses the whole
 * object: a Secret's `data` (or a ConfigMap's `binaryData`) value that is not standard, padded
 * base64 (`illegal base64 data at input byte N`), or a `data`/`stringData`/`binaryData` value that
 * is no string (`cannot unmarshal number into Go struct field Secret.data of type []uint8`).
 *
 * A Secret's values are blanked at load (engine/redact.ts); the loader judges each one before it
 * is blanked and keeps only why it is refused (the byte offset, or the YAML type) on its
 * redaction. A ConfigMap's `binaryData` is judged here from the loaded object, unless its name
 * says credential and it was blanked too. A ConfigMap's `data` value that is no string is the
 * engine's WRONG_TYPE already (bad input), so it is reported here only when its name says
 * credential and the model saw the blank instead. A whole `${NAME}` value is a substitution
 * (envsubst, Flux) and not judged.
 */
import {
  dataRefusal,
  isBase64Field,
  type DataRefusal,
  type ObjectView,
} from '../../engine/index.ts';
import { defineRule, type Report } from '../rule.ts';

/** encoding/json's word for what it found, by YAML type. */
const JSON_TOKEN = { number: 'number', boolean: 'bool', mapping: 'object', list: 'array' };

/** What to write instead of a value that is no string: base64 in a Secret's data or in binaryData, else text. */
const QUOTE = {
  data: 'Write the value as a quoted base64 string (`base64 -w0` encodes it), or put the plain text, quoted, under `stringData`.',
  binaryData: 'Write the value as a quoted base64 string (`base64 -w0` encodes the file).',
  text: 'Quote the value, so YAML reads it as a string.',
};

export default defineRule({
  meta: {
    id: 'invalid-secret-data',
    code: 'REFUSED_BY_API',
    description:
      'A Secret `data` (or ConfigMap `binaryData`) value that is not standard, padded base64, or a Secret value that is no string (an unquoted number or boolean): `kubectl apply` refuses the object. The message says where decoding fails, never the value.',
    messages: {
      notBase64:
        '`{{key}}` in `{{field}}` of `{{object}}` is not base64, so `kubectl apply` refuses the {{kind}} (`illegal base64 data at input byte {{byte}}`).',
      notString:
        '`{{key}}` in `{{field}}` of `{{object}}` is a YAML {{type}}, not a string, so `kubectl apply` refuses the {{kind}} (`cannot unmarshal {{token}} into Go struct field {{kind}}.{{field}} of type {{target}}`).',
    },
    hints: {
      notBase64:
        '{{instead}}; base64 here is the standard alphabet padded with `=` (the URL-safe `-` and `_` are refused; line breaks are ignored).',
      notString: '{{instead}}',
    },
    fix: 'Put plain text under `stringData`, or encode it with `base64 -w0`; quote a number or a boolean.',
    docs: '#rule-invalid-secret-data',
  },
  create(context) {
    const { shared } = context;
    const report = (
      refused: DataRefusal,
      key: string,
      kind: 'Secret' | 'ConfigMap',
      object: string,
      at: Pick<Report, 'file' | 'line' | 'col'>,
    ) => {
      const data = { key, field: refused.field, object, kind };
      if (refused.problem === 'not-base64') {
        const instead =
          refused.field === 'binaryData'
            ? 'Encode the file with `base64 -w0`, or put text under `data`'
            : 'Put plain text under `stringData`, or encode it with `base64 -w0`';
        context.report({
          messageId: 'notBase64',
          data: { ...data, byte: refused.byte, instead },
          ...at,
        });
        return;
      }
      context.report({
        messageId: 'notString',
        data: {
          ...data,
          type: refused.type,
          token: JSON_TOKEN[refused.type],
          target: isBase64Field(kind, refused.field) ? '[]uint8' : 'string',
          instead: isBase64Field(kind, refused.field)
            ? QUOTE[refused.field === 'binaryData' ? 'binaryData' : 'data']
            : QUOTE.text,
        },
        ...at,
      });
    };
    const judged = new Set<ObjectView>();
    return {
      configMap(m) {
        const view = shared.object('ConfigMap', m.namespace, m.name);
        if (!view || judged.has(view)) return;
        judged.add(view);
        const binary = view.get(['binaryData']);
        if (!binary || typeof binary !== 'object' || Array.isArray(binary)) return;
        for (const [key, value] of Object.entries(binary)) {
          const refused = dataRefusal('ConfigMap', 'binaryData', value);
          if (refused)
            report(
              refused,
              key,
              'ConfigMap',
              `configmap/${m.namespace}/${m.name}`,
              view.keyLoc(['binaryData', key]),
            );
        }
      },
      configEnd() {
        for (const r of context.result.redactions ?? []) {
          if (!r.refused) continue;
          const kind = r.kind === 'secret-value' ? 'Secret' : 'ConfigMap';
          const { line, col } = r.refused;
          report(r.refused, r.name, kind, r.object ?? kind, { file: r.file, line, col });
        }
      },
    };
  },
});
