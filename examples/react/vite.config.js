// JSX with React's automatic runtime; the widget's package stays out of dependency
// pre-bundling so the URL of its .wasm survives in the dev server.
export default {
  oxc: { jsx: { runtime: "automatic" } },
  optimizeDeps: { exclude: ["amazon-pay-widget"] },
};
