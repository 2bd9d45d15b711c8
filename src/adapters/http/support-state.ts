import type { Principal } from '../../application/access/principal.js';

/** What the support routes find in `ctx.state` once authentication has passed. */
export interface SupportState {
  principal: Principal;
}
