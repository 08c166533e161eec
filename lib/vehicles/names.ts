import "server-only";
// How the app names a vehicle and a brand. Smartcar spells makes both ways (`Tesla`, `TESLA`;
// contract 4.1): an all-capitals make is shown in title case, except short ones such as BMW.

export function displayMake(make: string): string {
  if (make.length <= 3 || make !== make.toUpperCase()) return make;
  return make
    .toLowerCase()
    .split(/[_\s]+/)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(" ");
}

/** "2022 Tesla Model 3": the heading of a vehicle's card, and its name in confirmations. */
export function vehicleTitle(vehicle: { year: number; make: string; model: string }): string {
  return `${vehicle.year} ${displayMake(vehicle.make)} ${vehicle.model}`;
}
