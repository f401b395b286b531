/**
 * Command ids of the daily workflow (Sessions view, region, console destination, session terminals).
 * package.json `contributes.commands` must list each (test/unit/client-workflow.test.ts checks).
 */
export const WORKFLOW_COMMANDS = {
  pickRegion: 'stsLens.pickRegion',
  openConsoleAt: 'stsLens.openConsoleAt',
  openSessionTerminal: 'stsLens.openSessionTerminal',
  refreshSessionsView: 'stsLens.sessions.refreshView',
} as const;

export const SESSIONS_VIEW_ID = 'stsLens.sessions';
export const TERMINAL_PROFILE_ID = 'stsLens.sessionTerminal';

