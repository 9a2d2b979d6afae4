// A two-page shop without reloads: the cart shows the button, the other page does not. Leaving
// the cart unmounts the component (the button is destroyed); coming back mounts a new one.
import { useEffect, useState } from "react";
import type { AmazonPayError } from "amazon-pay-widget";
import { AmazonPayButton } from "./AmazonPayButton";

type Page = "cart" | "about";

function pageOf(path: string): Page {
  return path.endsWith("/about") ? "about" : "cart";
}

export function App({ signer }: { signer: string }) {
  const [page, setPage] = useState<Page>(() => pageOf(location.pathname));
  const [error, setError] = useState<AmazonPayError | null>(null);
  useEffect(() => {
    const onPop = () => setPage(pageOf(location.pathname));
    addEventListener("popstate", onPop);
    return () => removeEventListener("popstate", onPop);
  }, []);
  const go = (next: Page) => {
    history.pushState(null, "", next === "about" ? "/about" : "/");
    setPage(next);
  };

  return (
    <main>
      <nav>
        <button id="to-cart" onClick={() => go("cart")}>Cart</button>
        <button id="to-about" onClick={() => go("about")}>About</button>
      </nav>
      {page === "cart" ? (
        <section id="cart">
          <h1>Cart</h1>
          <p>Sencha × 2</p>
          <AmazonPayButton
            signer={signer}
            options={{ placement: "Cart", productType: "PayAndShip", cart: [{ sku: "TEA-1", quantity: 2 }] }}
            onError={setError}
          />
          {error && (
            <p role="alert" data-error-code={error.code}>
              Amazon Pay is unavailable ({error.code}{error.requestId ? `, request ${error.requestId}` : ""}).
            </p>
          )}
        </section>
      ) : (
        <section id="about">
          <h1>About</h1>
          <p>Tea from the edge.</p>
        </section>
      )}
    </main>
  );
}
