// Imported first by every entry point: defaults that libraries read at import time.
process.env.GRAPHILE_ENV ??= process.env.NODE_ENV === 'production' ? 'production' : 'development';
