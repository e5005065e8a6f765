// Which database this process talks to, fixed once at start-up from DATABASE_URL: postgres://… selects
// PostgreSQL, anything else (or nothing) the embedded SQLite file. One process never mixes the two.
export type Dialect = 'sqlite' | 'pg'

export const isPgUrl = (url: string | undefined): boolean => !!url && /^postgres(ql)?:\/\//i.test(url)

export const PROCESS_DIALECT: Dialect = isPgUrl(process.env.DATABASE_URL) ? 'pg' : 'sqlite'
