// The reading site is rendered on the server and works without JavaScript. These modules only
// enhance it: the callback form is sent without leaving the page, and search shows results
// as the visitor types.
import "/assets/callback.js";
import "/assets/search.js";

document.documentElement.dataset.enhanced = "yes";
