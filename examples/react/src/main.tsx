import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";

const root = document.getElementById("root")!;
// The signer's URL is part of the page (set it where the shop is deployed).
const signer = root.dataset.signer ?? "http://127.0.0.1:8787";

createRoot(root).render(
  <StrictMode>
    <App signer={signer} />
  </StrictMode>,
);
