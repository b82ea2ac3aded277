import { Authorizer, type LambdaContext } from "./authorizer";

/**
 * The Lambda entry point (`index.handler`): API Gateway REST authorizer events (REQUEST, TOKEN)
 * and the EventBridge schedule. One Authorizer per container, built at module scope — settings
 * validated and the first configuration fetch started during the init phase — so warm
 * invocations reuse its clients, keys and configuration.
 */
const authorizer = new Authorizer({ env: process.env });
authorizer.warmUp();

export const handler = (event: unknown, context?: LambdaContext): Promise<unknown> => authorizer.handle(event, context);
