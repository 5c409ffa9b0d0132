/**
 * Our own invoke responses for Action.Execute. Teams AI v1 switches to
 * REPLACE_FOR_ALL for good as soon as a returned card has `refresh`, which
 * would overwrite the shared card with one user's view. Sending the invoke
 * response ourselves makes the library skip its own (it checks
 * INVOKE_RESPONSE_KEY), so each user gets their own view back.
 */
import { ActivityTypes, type TurnContext } from "botbuilder";

export const CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive";
export const MESSAGE_CONTENT_TYPE = "application/vnd.microsoft.activity.message";

export async function respondWithCard(context: TurnContext, card: object): Promise<void> {
  await context.sendActivity({
    type: ActivityTypes.InvokeResponse,
    value: { status: 200, body: { statusCode: 200, type: CARD_CONTENT_TYPE, value: card } },
  });
}

/** A short message Teams shows to the user who clicked (refusals, validation errors). */
export async function respondWithMessage(context: TurnContext, text: string): Promise<void> {
  await context.sendActivity({
    type: ActivityTypes.InvokeResponse,
    value: { status: 200, body: { statusCode: 200, type: MESSAGE_CONTENT_TYPE, value: text } },
  });
}
