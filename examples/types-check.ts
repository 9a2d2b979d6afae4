// What the package's types promise a shop's TypeScript, checked by `tsc --noEmit` (never run):
// one event type per event name, and AmazonPayError usable with `instanceof`.
import {
  AmazonPayError,
  loadAmazonPay,
  type AmazonPayErrorCode,
  type Button,
  type ButtonEventMap,
  type CompleteEvent,
  type ErrorEvent,
  type SubscriptionAccess,
} from "amazon-pay-widget";

export async function typed(button: Button): Promise<void> {
  button.on("error", (event) => {
    const error: AmazonPayError = event.error;
    const code: AmazonPayErrorCode = error.code;
    const retry: boolean = error.retryable;
    const id: string | undefined = error.requestId;
    void [code, retry, id];
  });
  button.on("complete", (event: CompleteEvent) => void event.outcome);
  button.on("complete", (event) => {
    // A recurring checkout's subscription and its token, in the event and in its detail.
    const started: SubscriptionAccess | undefined = event.subscription ?? event.detail.subscription;
    if (started) {
      const token: string = started.token;
      void [started.id, token];
    }
  });
  button.on("click", (event) => {
    const type: "click" = event.type;
    void type;
  });
  // @ts-expect-error: no such event
  button.on("clicked", () => undefined);
  // @ts-expect-error: a ready event carries no error for sure
  button.on("ready", (event) => event.error.code);
  const handler = (event: ErrorEvent) => console.warn(event.error.message);
  button.on("error", handler);
  button.off("error", handler);
  const names: (keyof ButtonEventMap)[] = ["ready", "click", "cancel", "error", "complete"];
  void names;

  try {
    await loadAmazonPay("https://signer.shop.example");
  } catch (error) {
    if (error instanceof AmazonPayError) {
      const code: AmazonPayErrorCode = error.code;
      void code;
    }
  }
  const made = new AmazonPayError("NETWORK_ERROR", "offline", { retryable: true });
  // @ts-expect-error: codes are the documented ones
  new AmazonPayError("NOPE", "x");
  void made;
}
