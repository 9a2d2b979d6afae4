// The Amazon Pay button as a Vue component: mounted when the component is, mounted again when
// the signer or the options change (by value), destroyed when it unmounts. A load that finishes
// after the component moved on mounts nothing.
import { defineComponent, h, onBeforeUnmount, onMounted, ref, watch, type PropType } from "vue";
import { AmazonPayError, loadAmazonPay, type Button, type ButtonOptions } from "amazon-pay-widget";

export const AmazonPayButton = defineComponent({
  name: "AmazonPayButton",
  props: {
    /** The edge signer's URL, e.g. https://signer.shop.example. */
    signer: { type: String, required: true },
    /** The button's options. */
    options: { type: Object as PropType<ButtonOptions>, required: true },
  },
  emits: {
    /** Every error of loading, mounting or the button itself. */
    error: (error: AmazonPayError) => error instanceof AmazonPayError,
  },
  setup(props, { emit }) {
    const slot = ref<HTMLDivElement | null>(null);
    let button: Button | undefined;
    let generation = 0;

    const unmount = () => {
      generation += 1;
      button?.destroy();
      button = undefined;
    };
    const mount = async () => {
      unmount();
      const mine = generation;
      try {
        const amazonPay = await loadAmazonPay(props.signer);
        if (mine !== generation || !slot.value) return;
        button = amazonPay.mountButton(slot.value, props.options);
        button.on("error", (event) => emit("error", event.error));
      } catch (error) {
        if (mine === generation && error instanceof AmazonPayError) emit("error", error);
      }
    };

    onMounted(mount);
    watch(() => [props.signer, JSON.stringify(props.options)], mount);
    onBeforeUnmount(unmount);
    return () => h("div", { ref: slot, class: "amazon-pay-slot" });
  },
});
