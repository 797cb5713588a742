// A booked visit's slip: the print button prints the page (the button
// itself is not printed).
"use strict";

document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});
