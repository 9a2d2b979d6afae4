import { createApp, defineComponent, h, ref } from "vue";
import type { AmazonPayError, ButtonOptions } from "amazon-pay-widget";
import { AmazonPayButton } from "./AmazonPayButton";

const root = document.getElementById("app")!;
// The signer's URL is part of the page (set it where the shop is deployed).
const signer = root.dataset.signer ?? "http://127.0.0.1:8787";

const Cart = defineComponent({
  setup() {
    const error = ref<AmazonPayError | null>(null);
    const options: ButtonOptions = { placement: "Cart", productType: "PayAndShip", cart: [{ sku: "TEA-1", quantity: 2 }] };
    return () =>
      h("section", [
        h("h1", "Cart"),
        h(AmazonPayButton, { signer, options, onError: (e: AmazonPayError) => (error.value = e) }),
        error.value && h("p", { role: "alert" }, `Amazon Pay is unavailable (${error.value.code}).`),
      ]);
  },
});

createApp(Cart).mount(root);
