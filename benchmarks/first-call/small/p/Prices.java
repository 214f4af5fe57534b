package p;

public interface Prices {
  double quote(String item, int quantity);
}
