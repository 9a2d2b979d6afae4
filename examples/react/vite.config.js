// JSX with React's automatic runtime; nothing else to configure.
export default {
  oxc: { jsx: { runtime: "automatic" } },
};
