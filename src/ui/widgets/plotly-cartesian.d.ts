// The cartesian partial bundle (scatter, bar, contour, heatmap, ...) has the full bundle's API, and
// only those trace types are drawn here, so it takes the full bundle's types.
declare module 'plotly.js-cartesian-dist-min' {
  import Plotly = require('plotly.js-dist-min');
  export = Plotly;
}
