// CloudAdapter with botbuilder's own configuration reader, fed the whole environment so its documented
// keys (app type, tenant, certificate, OpenID metadata overrides…) work without us naming them.
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, MessageFactory, StatusCodes, type Activity, type ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
// botbuilder's own dependency (pinned 4.23.3 by it): its AuthenticationError is the only error CloudAdapter answers with 401.
import { AuthenticationError, type AuthenticateRequestResult } from 'botframework-connector';
import type { CardView } from '../cards/render.js';
import type { Logger } from '../services/ports.js';
import { errorCard } from './errorReplies.js';

export function createAdapter(env: Readonly<Record<string, string | undefined>>, logger: Logger, view: CardView): CloudAdapter {
  const auth = new RefuseBadTokens(env as ConfigurationBotFrameworkAuthenticationOptions);
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (context, error) => {
    // errorCard logs the detail under a correlation id and shows the person only that id.
    const card = errorCard(error, logger.child({ activityType: context.activity.type }), view);
    try {
      await context.sendActivity(MessageFactory.attachment({ contentType: 'application/vnd.microsoft.card.adaptive', content: card }));
    } catch (sendError) {
      logger.error({ err: { message: sendError instanceof Error ? sendError.message : String(sendError) } }, 'could not send the error card');
    }
  };
  return adapter;
}

// botbuilder 4.23 rethrows jsonwebtoken's own errors (JwtTokenExtractor.validateToken: a bad signature, alg
// none, a token not yet valid) and CloudAdapter answers anything but an AuthenticationError with 500. A forged
// token is a refusal, not a server fault: 401, as for every other bad token (test/http/liveAuth.test.ts).
const JWT_ERRORS = new Set(['JsonWebTokenError', 'NotBeforeError', 'TokenExpiredError']);

class RefuseBadTokens extends ConfigurationBotFrameworkAuthentication {
  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    try {
      return await super.authenticateRequest(activity, authHeader);
    } catch (err) {
      if (err instanceof Error && JWT_ERRORS.has(err.name)) throw new AuthenticationError(`Unauthorized. ${err.message}`, StatusCodes.UNAUTHORIZED);
      throw err;
    }
  }
}
