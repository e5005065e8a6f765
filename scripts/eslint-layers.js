// The layering rule behind `npm run lint` (see eslint.config.js and CONTRIBUTING.md): a file in one layer may
// import only from the layers listed for it. Relative import paths are resolved against the importing file, so
// `../strings/x.js` from bot/ (today's bot/strings) and from core/ (the future top-level strings/) are told apart.
// Package imports are not checked. Files outside every layer (root configs, types/, scripts/) are free.
import { dirname, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = dirname(dirname(fileURLToPath(import.meta.url)))

/** Layer of a project-relative path ('a/b.ts', forward slashes) by its longest matching folder, or null. */
export function layerOf(rel, dirs) {
  let best = null
  for (const prefix of Object.keys(dirs)) {
    if (rel.startsWith(prefix + '/') && (best === null || prefix.length > best.length)) best = prefix
  }
  return best === null ? null : dirs[best]
}

const toRel = (abs) => relative(ROOT, abs).split(sep).join('/')

/** @type {import('eslint').Rule.RuleModule} */
export const layersRule = {
  meta: {
    type: 'problem',
    docs: { description: 'imports must follow the layering in CONTRIBUTING.md' },
    schema: [
      {
        type: 'object',
        properties: {
          // folder → layer: { core: 'core', 'bot/strings': 'strings', ... } (longest folder wins)
          dirs: { type: 'object' },
          // layer → layers it may import: { core: ['core'], test: ['*'], ... }
          allow: { type: 'object' },
          // { 'db/repositories/x.ts': ['api'] }: layers that file may still import (debt, see eslint.config.js)
          known: { type: 'object' },
        },
        additionalProperties: false,
      },
    ],
    messages: {
      forbidden: '{{from}}/ may not import from {{to}}/ ({{spec}}); allowed: {{allowed}}. See CONTRIBUTING.md "Lint and boundaries".',
    },
  },
  create(context) {
    const { dirs = {}, allow: allowed = {}, known = {} } = context.options[0] ?? {}
    const file = context.physicalFilename ?? context.filename
    if (!file || file.startsWith('<')) return {}
    const fromRel = toRel(resolve(ROOT, file))
    const from = layerOf(fromRel, dirs)
    if (from === null) return {}
    const allow = new Set([from, ...(allowed[from] ?? []), ...(known[fromRel] ?? [])])
    if (allow.has('*')) return {}
    const check = (source) => {
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return
      const value = source.value
      if (!value.startsWith('.') && !value.startsWith('/')) return
      const targetRel = toRel(resolve(dirname(resolve(ROOT, file)), value))
      if (targetRel.startsWith('..')) return
      const to = layerOf(targetRel, dirs)
      if (to === null || allow.has(to)) return
      context.report({
        node: source,
        messageId: 'forbidden',
        data: { from, to, spec: value, allowed: [...allow].sort().join(', ') },
      })
    }
    return {
      ImportDeclaration: (n) => check(n.source),
      ExportNamedDeclaration: (n) => check(n.source),
      ExportAllDeclaration: (n) => check(n.source),
      ImportExpression: (n) => check(n.source),
      TSImportType: (n) => check(n.argument?.type === 'TSLiteralType' ? n.argument.literal : n.argument),
      TSExternalModuleReference: (n) => check(n.expression),
    }
  },
}

export default { rules: { layers: layersRule } }
