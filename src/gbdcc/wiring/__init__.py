"""The composition root, split by concern; ``gbdcc.bootstrap`` is its public entry point and re-exports the
names other code uses. ``instance`` opens an instance (database, identity, handlers, gateway); ``pipeline``
wires the device request pipeline and runs its relays; ``http`` builds the DUIS app with its admin routers;
``portal`` the Self-Service Interface; ``reports`` the compliance report registry; ``smki`` the SMKI
repository service and revocation; ``features`` the per-feature settings helpers. Like ``bootstrap``, this
package may import adapters; the domain core and the service layer must not import it. It only wires:
handlers live in ``service/``."""
