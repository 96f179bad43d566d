// Production builds of the browser code:
//  1. the task pane → dist/ (served by the middle tier);
//  2. the emulated Excel on the web's page script and the nested app authentication bridge for
//     local mode → build/emulator-public/ (served by the emulator only; never part of dist/).
const path = require('node:path');
const zlib = require('node:zlib');
const webpack = require('webpack');
const HtmlWebpackPlugin = require('html-webpack-plugin');
const CopyWebpackPlugin = require('copy-webpack-plugin');
const MiniCssExtractPlugin = require('mini-css-extract-plugin');
const { GriffelCSSExtractionPlugin } = require('@griffel/webpack-extraction-plugin');
const { ThemeTokensCheckPlugin } = require('./scripts/webpack/fluentThemeTokens');

const tsRule = (tsconfig) => ({
  test: /\.[jt]sx?$/,
  exclude: /node_modules/,
  loader: 'esbuild-loader',
  options: { target: 'es2020', jsx: 'automatic', tsconfig },
});

/**
 * Writes a brotli (.br) and a gzip (.gz) sibling of every JavaScript and CSS file, at the highest
 * levels, so the middle tier serves them compressed without compressing per request
 * (src/server/http/staticCaching.ts). The page is left out: the middle tier rewrites it.
 */
class PrecompressPlugin {
  apply(compiler) {
    compiler.hooks.thisCompilation.tap('PrecompressPlugin', (compilation) => {
      compilation.hooks.processAssets.tap(
        { name: 'PrecompressPlugin', stage: webpack.Compilation.PROCESS_ASSETS_STAGE_ANALYSE },
        (assets) => {
          for (const [name, asset] of Object.entries(assets)) {
            if (!/\.(js|css|svg)$/.test(name)) continue;
            const content = asset.buffer();
            const brotli = zlib.brotliCompressSync(content, {
              params: {
                [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
                [zlib.constants.BROTLI_PARAM_SIZE_HINT]: content.length,
              },
            });
            compilation.emitAsset(`${name}.br`, new webpack.sources.RawSource(brotli), { compressed: true });
            compilation.emitAsset(`${name}.gz`, new webpack.sources.RawSource(zlib.gzipSync(content, { level: 9 })), {
              compressed: true,
            });
          }
        },
      );
    });
  }
}

module.exports = (_env, argv) => {
  const mode = argv.mode === 'development' ? 'development' : 'production';
  return [
    {
      name: 'taskpane',
      mode,
      // Office's webviews (Edge WebView2, Safari on Mac, current browsers for Office on the web)
      // all run ES2020, so webpack's own runtime needs no older syntax either.
      target: ['web', 'es2020'],
      // The sign-in dialog page has its own small entry, loaded only inside the Office dialog.
      entry: { taskpane: './src/taskpane/index.tsx', dialog: './src/taskpane/auth/dialog/dialogEntry.ts' },
      output: { path: path.resolve(__dirname, 'dist'), filename: '[name].[contenthash:8].js', clean: true },
      resolve: { extensions: ['.tsx', '.ts', '.js'] },
      module: {
        rules: [
          // Styles are computed at build time and shipped as one CSS file, not as JavaScript:
          // 1. (last) Griffel's extraction moves the precomputed rules of our code and of Fluent's
          //    components out of the bundles into CSS;
          {
            test: /\.m?[jt]sx?$/,
            include: [path.resolve(__dirname, 'src/taskpane'), /[\\/]node_modules[\\/]@fluentui[\\/]/],
            enforce: 'post',
            loader: GriffelCSSExtractionPlugin.loader,
          },
          // 2. Griffel's ahead-of-time pass turns our makeStyles calls into precomputed rules (so
          //    the CSS-in-JS engine - stylis, rtl-css-js, the rule resolver - never ships);
          { test: /\.[jt]sx?$/, exclude: /node_modules/, enforce: 'post', loader: '@griffel/webpack-loader' },
          // 3. (first) esbuild makes plain JavaScript of the TypeScript.
          tsRule(path.resolve(__dirname, 'src/taskpane/tsconfig.json')),
          { test: /\.css$/, use: [MiniCssExtractPlugin.loader, 'css-loader'] },
          // 0. (before all) each theme module becomes the Fluent theme's values, only the tokens
          //    the pane's styles read (checked by ThemeTokensCheckPlugin once the build is done).
          //    Production only: a development build keeps every module whole (no tree shaking),
          //    so Fluent's full token map is in it and the themes stay whole too.
          ...(mode === 'production'
            ? [
                {
                  test: /[\\/]src[\\/]taskpane[\\/]app[\\/]themes[\\/][^\\/]+\.ts$/,
                  enforce: 'pre',
                  loader: path.resolve(__dirname, 'scripts/webpack/fluentThemeTokens.js'),
                },
              ]
            : []),
        ],
      },
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
        new HtmlWebpackPlugin({
          filename: 'dialog.html',
          template: './src/taskpane/auth/dialog/dialog.html',
          chunks: ['dialog'],
          minify: false,
        }),
        new CopyWebpackPlugin({ patterns: [{ from: 'assets', to: 'assets' }] }),
        // Griffel orders the rules itself; the chunk order mini-css-extract-plugin warns about does not apply.
        new MiniCssExtractPlugin({ filename: '[name].[contenthash:8].css', ignoreOrder: true }),
        new GriffelCSSExtractionPlugin(),
        ...(mode === 'production' ? [new ThemeTokensCheckPlugin(), new PrecompressPlugin()] : []),
      ],
      // webpack 5.113 minifies .html assets on its own too, which drops attribute quotes.
      optimization: {
        minimizeOptions: { html: false, javascript: { ecma: 2020, compress: { passes: 2, ecma: 2020 } } },
        // MSAL.js stays in the msal chunk with the pane's code around it (msalClients.ts,
        // msalErrors.ts), one file; webpack's default vendor group would split it into a chunk of
        // its own. The group is otherwise webpack's default.
        splitChunks: {
          cacheGroups: {
            defaultVendors: {
              test: /[\\/]node_modules[\\/](?!@azure[\\/]msal-)/,
              priority: -10,
              reuseExistingChunk: true,
            },
          },
        },
      },
      // Budgets, raw: any one file (the main bundle is about 309 KiB, 102 KB gzip), and the start
      // entry with its CSS (about 347 KiB). The gzip budget of everything loaded before the list
      // shows is test/e2e/paneWire.test.ts's. "Close all" and its Dialog load on demand in their
      // own chunks (CloseAllAction.tsx).
      performance: { maxAssetSize: 320 * 1024, maxEntrypointSize: 360 * 1024 },
    },
    {
      name: 'emulator-host',
      mode,
      entry: {
        'excel-web-host': './src/emulator/officeHost/browser/excelWebHostEntry.ts',
        'naa-bridge': './src/emulator/officeHost/browser/naaBridgeEntry.ts',
      },
      output: { path: path.resolve(__dirname, 'build/emulator-public'), filename: '[name].js', clean: true },
      resolve: { extensions: ['.ts', '.js'] },
      module: { rules: [tsRule(path.resolve(__dirname, 'src/emulator/officeHost/browser/tsconfig.json'))] },
      devtool: false,
    },
  ];
};
