// "Use my location" on the search page: progressive enhancement. Without JavaScript (or without permission)
// the page works the same with a district chosen in "Near". The position goes only into this search's
// address (lat/lon); nothing is stored.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", () => {
    const button = document.getElementById("s-locate");
    const form = document.getElementById("search-form");
    if (!button || !form || !("geolocation" in navigator)) return;
    const status = document.getElementById("s-locate-status");
    const say = (text) => { if (status) status.textContent = text; };
    button.hidden = false;
    button.addEventListener("click", () => {
      say(button.dataset.finding || "…");
      navigator.geolocation.getCurrentPosition((position) => {
        const lat = form.querySelector("input[name=lat]");
        const lon = form.querySelector("input[name=lon]");
        lat.value = position.coords.latitude.toFixed(5);
        lon.value = position.coords.longitude.toFixed(5);
        lat.disabled = false;
        lon.disabled = false;
        const near = form.querySelector("select[name=near]");
        if (near) near.value = "";
        const radius = form.querySelector("select[name=radius_km]");
        if (radius && !radius.value) radius.value = "3";
        const sort = form.querySelector("select[name=sort]");
        if (sort) sort.value = "distance";
        form.submit();
      }, () => {
        say(button.dataset.denied || "");
      }, { enableHighAccuracy: false, timeout: 10000, maximumAge: 300000 });
    });
  });
})();
