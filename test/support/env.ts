// What global-setup hands to the test files (through the environment of the jest workers).
export interface TestEnvironment {
  rootUrl: (database: string) => string;
  template: string;
  authenticatorPassword: string;
  jwtSecret: string;
}

export function testEnvironment(): TestEnvironment {
  const root = process.env.RCM_TEST_ROOT_URL;
  if (!root) throw new Error('RCM_TEST_ROOT_URL is not set: run the tests through jest (test/support/global-setup.ts)');
  return {
    rootUrl: (database) => {
      const url = new URL(root);
      url.pathname = `/${database}`;
      return url.toString();
    },
    template: process.env.RCM_TEST_TEMPLATE!,
    authenticatorPassword: process.env.RCM_TEST_AUTHENTICATOR_PASSWORD!,
    jwtSecret: process.env.RCM_TEST_JWT_SECRET!,
  };
}
