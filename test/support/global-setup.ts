// Filled in by the foundation: starts the test Postgres and the migrated template database.
export default async function globalSetup(): Promise<void> {}
