// Composition root: wired up as the store and Teams layers land.
console.log("Komitébot");
