// Production builds of the browser code:
//  1. the task pane → dist/ (served by the middle tier);
//  2. the emulated Office host for local mode → build/emulator-public/office-host.js (served by
//     the emulator only; never part of dist/).
const path = require('node:path');
const HtmlWebpackPlugin = require('html-webpack-plugin');
const CopyWebpackPlugin = require('copy-webpack-plugin');

const tsRule = (tsconfig) => ({
  test: /\.[jt]sx?$/,
  exclude: /node_modules/,
  loader: 'esbuild-loader',
  options: { target: 'es2020', jsx: 'automatic', tsconfig },
});

module.exports = (_env, argv) => {
  const mode = argv.mode === 'development' ? 'development' : 'production';
  return [
    {
      name: 'taskpane',
      mode,
      // The sign-in dialog page has its own small entry, loaded only inside the Office dialog.
      entry: { taskpane: './src/taskpane/index.tsx', dialog: './src/taskpane/auth/dialog/dialogEntry.ts' },
      output: { path: path.resolve(__dirname, 'dist'), filename: '[name].[contenthash:8].js', clean: true },
      resolve: { extensions: ['.tsx', '.ts', '.js'] },
      module: { rules: [tsRule(path.resolve(__dirname, 'src/taskpane/tsconfig.json'))] },
      devtool: mode === 'production' ? false : 'source-map',
      plugins: [
        new HtmlWebpackPlugin({
          filename: 'taskpane.html',
          template: './src/taskpane/taskpane.html',
          chunks: ['taskpane'],
          // Not minified (it is a few hundred bytes): the middle tier finds the office.js script tag
          // by its quoted URL, and a minifier would drop the quotes.
          minify: false,
        }),
        new HtmlWebpackPlugin({ filename: 'dialog.html', template: './src/taskpane/auth/dialog/dialog.html', chunks: ['dialog'], minify: false }),
        new CopyWebpackPlugin({ patterns: [{ from: 'assets', to: 'assets' }] }),
      ],
      // webpack 5.113 minifies .html assets on its own too, which drops attribute quotes.
      optimization: { minimizeOptions: { html: false } },
      // Budget for the JavaScript at start (raw; about 130 KB gzip). "Close all" and its Dialog load
      // on demand in their own chunks (see src/taskpane/features/sessions/CloseAllAction.tsx).
      performance: { maxAssetSize: 450 * 1024, maxEntrypointSize: 450 * 1024 },
    },
    {
      name: 'office-host',
      mode,
      entry: { 'office-host': './src/emulator/officeHost/browser/index.ts' },
      output: { path: path.resolve(__dirname, 'build/emulator-public'), filename: '[name].js', clean: true },
      resolve: { extensions: ['.ts', '.js'] },
      module: { rules: [tsRule(path.resolve(__dirname, 'src/emulator/officeHost/browser/tsconfig.json'))] },
      devtool: false,
    },
  ];
};
