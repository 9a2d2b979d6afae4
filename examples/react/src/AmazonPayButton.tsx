// The Amazon Pay button as a React component: mounted in an effect, destroyed in its cleanup.
// Under StrictMode React runs the effect, its cleanup and the effect again; the first run's
// load is cancelled before it mounts, so the page ends with exactly one button.
import { useEffect, useRef } from "react";
import { AmazonPayError, loadAmazonPay, type Button, type ButtonOptions } from "amazon-pay-widget";

export interface AmazonPayButtonProps {
  /** The edge signer's URL, e.g. https://signer.shop.example. */
  signer: string;
  /** The button's options; a change of value (not of identity) mounts a new button. */
  options: ButtonOptions;
  /** Called with every error of loading, mounting or the button itself. */
  onError?: (error: AmazonPayError) => void;
}

export function AmazonPayButton({ signer, options, onError }: AmazonPayButtonProps) {
  const slot = useRef<HTMLDivElement>(null);
  const errorHandler = useRef(onError);
  useEffect(() => {
    errorHandler.current = onError;
  }, [onError]);
  // Options compared by value, so a new object literal on every render mounts nothing new.
  const optionsKey = JSON.stringify(options);

  useEffect(() => {
    let cancelled = false;
    let button: Button | undefined;
    const report = (error: unknown) => {
      if (!cancelled && error instanceof AmazonPayError) errorHandler.current?.(error);
    };
    loadAmazonPay(signer)
      .then((amazonPay) => {
        if (cancelled || !slot.current) return;
        button = amazonPay.mountButton(slot.current, JSON.parse(optionsKey) as ButtonOptions);
        button.on("error", (event) => report(event.error));
      })
      .catch(report);
    return () => {
      cancelled = true;
      button?.destroy();
    };
  }, [signer, optionsKey]);

  return <div ref={slot} className="amazon-pay-slot" />;
}
