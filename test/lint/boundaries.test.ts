// The layering rule of eslint.config.js (suyuan/layers) must keep working: lint in-memory snippets with the real
// config and check that a forbidden import is reported and an allowed one is not.
import { ESLint } from 'eslint'
import { beforeAll, describe, expect, it } from 'vitest'

let eslint: ESLint
beforeAll(() => {
  eslint = new ESLint({
    cwd: process.cwd(),
    // the snippets' files do not exist, so lint them without type information (the rule needs none)
    overrideConfig: {
      files: ['**/*.ts'],
      languageOptions: { parserOptions: { projectService: false } },
      rules: { '@typescript-eslint/no-floating-promises': 'off' },
    },
  })
})

const layerErrors = async (filePath: string, code: string) => {
  const [result] = await eslint.lintText(code, { filePath })
  expect(result?.messages.filter((m) => m.fatal)).toEqual([])
  return (result?.messages ?? []).filter((m) => m.ruleId === 'suyuan/layers').map((m) => m.message)
}

describe('import boundaries', () => {
  it('reports a core/ file importing from db/', async () => {
    const errors = await layerErrors('core/__boundary_probe__.ts', "import { openDb } from '../db/client.js'\nexport const probe = openDb\n")
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(/core\/ may not import from db\//)
  })

  it('reports dynamic imports and re-exports too', async () => {
    const code = "export { openDb } from '../db/client.js'\nexport const later = () => import('../api/app.js')\n"
    expect(await layerErrors('nlp/__boundary_probe__.ts', code)).toHaveLength(2)
  })

  it('allows what the layering allows', async () => {
    const code = "import { loadConfig } from '../../core/config.js'\nimport { tokenize } from '../../nlp/tokenize.js'\nexport const ok = [loadConfig, tokenize]\n"
    expect(await layerErrors('db/repositories/__boundary_probe__.ts', code)).toEqual([])
  })
})
