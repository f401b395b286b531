/** The credential command ids; package.json `contributes.commands` must list each (a unit test checks). */
export const CREDENTIAL_COMMANDS = {
  assumeRole: 'stsLens.assumeRole',
  getSessionToken: 'stsLens.getSessionToken',
  getCallerIdentity: 'stsLens.getCallerIdentity',
  openConsole: 'stsLens.openConsole',
  copyCredentials: 'stsLens.copyCredentials',
  writeProfile: 'stsLens.writeProfile',
  applyToTerminals: 'stsLens.applyToTerminals',
  refresh: 'stsLens.refresh',
  clearSession: 'stsLens.clearSession',
  switchSession: 'stsLens.switchSession',
  statusMenu: 'stsLens.statusMenu',
} as const;
