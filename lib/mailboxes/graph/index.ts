// Public entry of the Microsoft Graph mailbox source.
export { GraphClient } from './graph-client';
export { GraphError } from './graph-error';
export { describeGraphError } from './describe-graph-error';
export { graphBaseUrl, loadGraphTarget, type GraphTarget } from './graph-target';
export { resolveFolder } from './graph-folders';
export { syncGraphMailbox } from './sync-graph-mailbox';
export { watchGraphMailbox } from './watch-graph-mailbox';
